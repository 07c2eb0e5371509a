package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SigningKey;
import dev.signet.TokenClaims;
import dev.signet.TokenSigner;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet token get}: an access token from a Signet server's token endpoint (the
 * client-credentials grant, RFC 6749 §4.4), the client authenticated by a {@code private_key_jwt}
 * assertion (RFC 7523: {@code iss} = {@code sub} = the principal, {@code aud} = the token endpoint
 * URL, 30 s, a fresh {@code jti}). Prints the token alone on stdout, for scripts.
 */
@Command(
    name = "get",
    sortOptions = false,
    description = {"Get an access token from a Signet server (client credentials, authenticated by a private_key_jwt "
        + "assertion signed with --key) and print it alone on stdout.",
        "With --dpop the token is bound to a DPoP key (RFC 9449), and is then accepted only with a proof by that key."})
final class TokenGetCommand implements Callable<Integer> {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Spec CommandSpec spec;

  private final Host host;

  @Option(names = "--server", paramLabel = "URL", description = "Required: the server's base URL (its issuer, or another public URL it has).")
  @Nullable String server;

  @Option(names = "--principal", required = true, paramLabel = "NAME", description = "The client: whose token it is.")
  String principal;

  @Mixin SigningOptions signing = new SigningOptions();

  @Option(names = "--scope", paramLabel = "SCOPE",
      description = "A scope to ask for (repeatable, or space-separated); default: every scope of the principal.")
  List<String> scopes = new ArrayList<>();

  @Option(names = "--audience", paramLabel = "AUD", description = "The token's aud (repeatable); default: the server's issuer.")
  List<String> audiences = new ArrayList<>();

  @Option(names = "--dpop", description = "Bind the token to a DPoP key (RFC 9449): --dpop-key, else the --key itself (EC or RSA).")
  boolean dpop;

  @Option(names = "--dpop-key", paramLabel = "FILE", description = "The EC or RSA private key of DPoP proofs (implies --dpop); "
      + KeyPaths.RULE + ".")
  @Nullable Path dpopKey;

  @Mixin HttpOptions http = new HttpOptions();

  TokenGetCommand(Host host) {
    this.host = host;
  }

  @Override
  public Integer call() {
    Usage.check(server != null, "missing required option '--server=URL'");
    URI endpoint = Urls.resolve(Urls.server(java.util.Objects.requireNonNull(server)), "/oauth/token");
    TokenSigner signer = signing.signer(host);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    form.put("client_assertion", assertion(signer, endpoint));
    if (!scopes.isEmpty()) {
      form.put("scope", String.join(" ", scopes).strip());
    }
    HttpTransport transport = http.transport(spec.commandLine().getErr());
    HttpRequest.Builder request = transport.request(endpoint)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
    if (dpop || dpopKey != null) {
      request.header("DPoP", DpopProof.create(dpopSigningKey(host, dpopKey, signer.key()), "POST", endpoint, null, host.clock()));
    }
    HttpTransport.Response response = transport.exchange(request.build());
    JsonNode answer = Json.parseTree(response.body()).orElse(null);
    if (!response.ok() || answer == null || !answer.path("access_token").isTextual()) {
      throw CliError.failure("POST " + HttpTransport.origin(endpoint) + endpoint.getRawPath() + ": the server answered " + oauthProblem(response));
    }
    spec.commandLine().getOut().println(answer.path("access_token").textValue());
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }

  /** The DPoP key: {@code --dpop-key}, else the signing key; EC or RSA. */
  static SigningKey dpopSigningKey(Host host, @Nullable Path file, @Nullable SigningKey fallback) {
    if (file != null) {
      return DpopProof.checked(KeyFiles.signingKey(host, file, null), "--dpop-key");
    }
    if (fallback == null) {
      throw CliError.usage("--dpop needs --dpop-key FILE (or --key FILE)");
    }
    return DpopProof.checked(fallback, "--key");
  }

  private String assertion(TokenSigner signer, URI endpoint) {
    Instant now = host.clock().instant();
    byte[] jti = new byte[16];
    RANDOM.nextBytes(jti);
    TokenClaims claims = TokenClaims.builder().issuer(principal).subject(principal).audience(endpoint.toString())
        .issuedAt(now).expiresAt(now.plusSeconds(30)).id(Base64.getUrlEncoder().withoutPadding().encodeToString(jti)).build();
    return signer.sign(claims);
  }

  private String encode(Map<String, String> form) {
    StringJoiner body = new StringJoiner("&");
    form.forEach((name, value) -> body.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
    for (String audience : audiences) {
      body.add("audience=" + URLEncoder.encode(audience, StandardCharsets.UTF_8));
    }
    return body.toString();
  }

  /** {@code 400 invalid_scope: the requested scope exceeds the client's scopes}: RFC 6749 §5.2's members. */
  private static String oauthProblem(HttpTransport.Response response) {
    JsonNode json = Json.parseTree(response.body()).orElse(null);
    if (json != null && json.path("error").isTextual()) {
      String description = json.path("error_description").isTextual() ? ": " + TerminalText.escape(json.path("error_description").textValue()) : "";
      return response.status() + " " + TerminalText.escape(json.path("error").textValue()) + description;
    }
    return response.problem();
  }
}
