package dev.signet.cli;

import dev.signet.EncryptionKey;
import dev.signet.JweEncrypter;
import dev.signet.RequestContext;
import dev.signet.SigningKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signet curl}: one HTTP request signed with a fresh request token
 * ({@code Authorization: JWT …}) bound to it unless {@code --no-bind}, or carrying an access token
 * ({@code --access-token}: {@code Bearer}, or {@code DPoP} with a fresh proof per request), answered
 * like curl: the body on stdout, exit 0 whatever the status unless {@code --fail}.
 */
@Command(
    name = "curl",
    sortOptions = false,
    description = {"Send an HTTP request signed with a fresh request token (Authorization: JWT …), bound to that request, "
        + "and print the answer, like curl. With --access-token it carries that token instead (Bearer, or DPoP with --dpop).",
        "Exit status: 0 when an answer came (any status; with --fail only 2xx), 1 for no answer or --fail, 2 usage error."})
final class CurlCommand implements Callable<Integer> {
  private static final int MAX_FAILURE_BODY = 64 * 1024;

  @Spec CommandSpec spec;

  private final Host host;

  @Parameters(index = "0", paramLabel = "URL", description = "The http:// or https:// URL.")
  String url;

  @Option(names = "--principal", paramLabel = "NAME", description = "Who the request token speaks for (not with --access-token).")
  @Nullable String principal;

  @Option(names = "--access-token", paramLabel = "TOKEN|@FILE",
      description = "Send this access token (from signet token get) instead of signing a request token: Bearer, or DPoP with --dpop "
          + "(then --key serves only as the DPoP key).")
  @Nullable String accessToken;

  @Option(names = "--dpop", description = "With --access-token: send it as DPoP, with a fresh proof for this request (RFC 9449).")
  boolean dpop;

  @Option(names = "--dpop-key", paramLabel = "FILE", description = "The EC or RSA private key the DPoP-bound token was bound to "
      + "(implies --dpop; default: --key); " + KeyPaths.RULE + ".")
  @Nullable Path dpopKey;

  @Mixin SigningOptions signing = new SigningOptions();

  @Option(names = {"-X", "--request"}, paramLabel = "METHOD", description = "The method (default: GET, or POST with data).")
  @Nullable String method;

  @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'", description = "A request header (repeatable).")
  List<String> headers = new ArrayList<>();

  @Option(names = {"-d", "--data"}, paramLabel = "DATA|@FILE",
      description = "Body data (repeatable, joined with &); @FILE reads a file without its line breaks, @- reads stdin.")
  List<String> data = new ArrayList<>();

  @Option(names = "--data-binary", paramLabel = "DATA|@FILE", description = "Body data; @FILE is sent byte for byte.")
  List<String> dataBinary = new ArrayList<>();

  @Option(names = "--bind", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Bind the token to this request (the default): htm, htu, qsh with a query, bsh with a body; "
          + "--no-bind leaves them out, for a server that cannot check them.")
  boolean bind = true;

  @Option(names = "--standard", description = "Standard-profile token (iss, sub, aud, iat, exp, jti); aud is the URL's scheme://host:port unless --audience.")
  boolean standard;

  @Option(names = "--audience", paramLabel = "AUD", description = "The aud of a standard-profile token: the server's issuer URL (implies --standard).")
  @Nullable String audience;

  @Option(names = "--encrypt", description = "Send the body encrypted (Content-Type: application/jose) to the server's newest "
      + "'use: enc' key from its /.well-known/jwks.json, or to --encrypt-to.")
  boolean encrypt;

  @Option(names = "--encrypt-to", paramLabel = "URL|FILE", description = "With --encrypt: the key to encrypt to instead: a server or JWKS URL, or a JWKS, JWK or PEM file.")
  @Nullable String encryptTo;

  @Option(names = {"-i", "--include"}, description = "Print the status line and the response headers before the body.")
  boolean include;

  @Option(names = {"-s", "--silent"}, description = "Print no error message on failure (the exit status still says).")
  boolean silent;

  @Option(names = {"-f", "--fail"}, description = "Exit 1, without printing the body, unless the status is 2xx.")
  boolean fail;

  @Mixin HttpOptions http = new HttpOptions();

  CurlCommand(Host host) {
    this.host = host;
  }

  @Override
  public Integer call() {
    try {
      return send();
    } catch (CliError e) {
      if (silent && e.exitCode() == ExitCode.SOFTWARE) {
        return ExitCode.SOFTWARE;
      }
      throw e;
    }
  }

  private int send() {
    URI uri = Urls.http(url, "URL");
    Usage.check(data.isEmpty() || dataBinary.isEmpty(), "give -d or --data-binary, not both");
    Usage.check(encrypt || encryptTo == null, "--encrypt-to goes with --encrypt");
    CurlRequest request = encrypt ? encrypted(uri, body()) : CurlRequest.of(method, headers, body());
    RequestContext context;
    try {
      context = RequestContext.of(request.method(), uri, request.body());
    } catch (IllegalArgumentException e) {
      throw CliError.usage("URL: " + e.getMessage(), e);
    }
    HttpTransport transport = http.transport(spec.commandLine().getErr());
    HttpRequest.Builder builder = request.applyTo(transport.request(uri));
    if (accessToken != null) {
      Usage.check(principal == null && !standard && audience == null, "--access-token takes no --principal, --standard or --audience");
      String token = accessToken(accessToken);
      if (dpop || dpopKey != null) {
        SigningKey key = TokenGetCommand.dpopSigningKey(host, dpopKey, signing.key == null ? null : signing.signer(host).key());
        builder.header("Authorization", "DPoP " + token);
        builder.header("DPoP", DpopProof.create(key, request.method(), uri, token, host.clock()));
      } else {
        builder.header("Authorization", "Bearer " + token);
      }
    } else {
      Usage.check(!dpop && dpopKey == null, "--dpop goes with --access-token");
      Usage.check(principal != null, "missing required option '--principal=NAME' (or give --access-token)");
      String aud = audience != null ? audience : standard ? HttpTransport.origin(uri) : null;
      RequestSigner signer = new RequestSigner(signing.signer(host), java.util.Objects.requireNonNull(principal), aud);
      builder.header("Authorization", signer.authorization(context, bind));
    }
    HttpResponse<InputStream> response = transport.open(builder.build());
    int status = response.statusCode();
    if (fail && (status < 200 || status >= 300)) {
      throw CliError.failure(request.method() + " " + HttpTransport.origin(uri) + uri.getRawPath()
          + ": the server answered " + failure(response).problem());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (include) {
      out.print("HTTP/1.1 " + status + "\n");
      // header names and values are the server's text: escaped, so they cannot drive the terminal (the body is left as it comes, as curl does)
      response.headers().map().forEach((name, values) ->
          values.forEach(v -> out.print(TerminalText.escape(name) + ": " + TerminalText.escape(v) + "\n")));
      out.print("\n");
    }
    copy(response, out);
    return ExitCode.OK;
  }

  /** The token itself, or read from {@code @FILE} (surrounding whitespace removed). */
  private String accessToken(String value) {
    String token = value.startsWith("@")
        ? Inputs.text(Path.of(value.substring(1)), 64 * 1024, "--access-token file").strip()
        : value.strip();
    Usage.check(!token.isEmpty() && token.chars().allMatch(c -> c > 32 && c < 127), "--access-token: not a token");
    return token;
  }

  /** The body as a compact JWE to the server's encryption key, sent as {@code application/jose}. */
  private CurlRequest encrypted(URI uri, byte[] body) {
    Usage.check(body.length > 0, "--encrypt needs a body (-d or --data-binary)");
    EncryptionKey to = RecipientKeyOption.resolve(encryptTo != null ? encryptTo : HttpTransport.origin(uri), http,
        spec.commandLine().getErr());
    byte[] jwe = JweEncrypter.builder(to).build().encrypt(body).getBytes(StandardCharsets.US_ASCII);
    List<String> sent = new ArrayList<>(headers);
    sent.removeIf(h -> h.toLowerCase(Locale.ROOT).startsWith("content-type:"));
    sent.add("Content-Type: application/jose");
    return CurlRequest.of(method, sent, jwe);
  }

  private byte[] body() {
    boolean binary = !dataBinary.isEmpty();
    List<byte[]> parts = new ArrayList<>();
    for (String value : binary ? dataBinary : data) {
      parts.add(CurlRequest.data(value, binary, host.stdin()));
    }
    return CurlRequest.join(parts);
  }

  private static HttpTransport.Response failure(HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      return new HttpTransport.Response(response.statusCode(), response.headers(), in.readNBytes(MAX_FAILURE_BODY));
    } catch (IOException e) {
      return new HttpTransport.Response(response.statusCode(), response.headers(), new byte[0]);
    }
  }

  /** The body as it comes, decoded in the charset its Content-Type names (UTF-8 if none). */
  private static void copy(HttpResponse<InputStream> response, PrintWriter out) {
    Charset charset = charset(response.headers().firstValue("Content-Type").orElse(""));
    try (Reader body = new InputStreamReader(response.body(), charset)) {
      body.transferTo(out);
    } catch (IOException e) {
      throw CliError.failure("the answer from " + HttpTransport.origin(response.uri()) + " broke off: " + e.getMessage(), e);
    } finally {
      out.flush();
    }
  }

  private static Charset charset(String contentType) {
    for (String parameter : contentType.split(";", -1)) {
      String p = parameter.strip();
      if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
        try {
          return Charset.forName(p.substring(8).replace("\"", "").strip());
        } catch (IllegalArgumentException e) {
          return StandardCharsets.UTF_8;
        }
      }
    }
    return StandardCharsets.UTF_8;
  }
}
