package dev.signet.cli;

import dev.signet.Explanation;
import dev.signet.KeySource;
import dev.signet.PrincipalKeys;
import dev.signet.RemoteJwks;
import dev.signet.RequestContext;
import dev.signet.RequestTokenVerifier;
import dev.signet.TokenProfile;
import dev.signet.TokenVerifier;
import dev.signet.VerificationKey;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.Provider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
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
 * {@code signet token verify}: checks a request token (the default) or an access token
 * ({@code --access-token}) against keys from files or a JWKS. Exit 0 when valid, 1 when not.
 */
@Command(
    name = "verify",
    sortOptions = false,
    description = {"Verify a request token (default) or an access token (--access-token).",
        "A request token is checked against the keys given, as the keys of the principal it names "
            + "(or of --principal).",
        "Prints 'valid: …' and exits 0, or 'invalid: REASON: detail' and exits 1."})
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final Host host;

  @Parameters(index = "0", paramLabel = "TOKEN|-", description = "The token, or - to read it from stdin.")
  String token;

  @Option(names = "--key", paramLabel = "FILE",
      description = "A public key (PEM, JWK, JWKS, OpenSSH; a private key file's public half is used); "
          + KeyPaths.RULE + ". Repeatable.")
  List<Path> keyFiles = new ArrayList<>();

  @Option(names = "--jwks", paramLabel = "FILE_OR_URL", description = "A JWKS file, or an https:// (or loopback http://) URL.")
  @Nullable String jwks;

  @Option(names = "--principal", paramLabel = "NAME",
      description = "The principal whose keys these are (default: the one the token names).")
  @Nullable String principal;

  @Option(names = "--access-token", description = "Verify an RFC 9068 access token instead of a request token.")
  boolean accessToken;

  @Option(names = "--issuer", paramLabel = "ISS", description = "The access token's required iss.")
  @Nullable String issuer;

  @Option(names = "--audience", paramLabel = "AUD",
      description = "The required aud: the server's issuer URL for standard request tokens, the API for access tokens.")
  @Nullable String audience;

  @Option(names = "--scope", paramLabel = "SCOPE", split = "[ ,]", hideParamSyntax = true,
      description = "A scope the access token must have. Repeatable.")
  List<String> scopes = new ArrayList<>();

  @Option(names = "--skew", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Allowed clock difference (default: 20s for request tokens, 30s for access tokens).")
  @Nullable Duration skew;

  @Option(names = "--max-lifetime", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Longest exp - iat accepted (default: 60s for request tokens, 24h for access tokens).")
  @Nullable Duration maxLifetime;

  @Option(names = "--method", paramLabel = "METHOD", description = "The request's method, to check htm/qsh binding.")
  @Nullable String method;

  @Option(names = "--url", paramLabel = "URL", description = "The request's URL, to check htu/qsh binding.")
  @Nullable String url;

  @Option(names = "--body-file", paramLabel = "FILE", description = "The request's body, to check bsh binding.")
  @Nullable Path bodyFile;

  @Option(names = "--explain", description = "Print every check made, with actual and expected values.")
  boolean explain;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Mixin PassphraseOptions passphrase = new PassphraseOptions();

  @Mixin CryptoOption crypto = new CryptoOption();

  VerifyCommand(Host host) {
    this.host = host;
  }

  @Override
  public Integer call() {
    checkOptions();
    String compact = Inputs.token(token, host.stdin());
    KeySource keys = keySource();
    Optional<Provider> provider = crypto.provider();
    Explanation outcome;
    try {
      outcome = accessToken ? verifyAccessToken(compact, keys, provider) : verifyRequestToken(compact, keys, provider);
    } finally {
      if (keys instanceof RemoteJwks remote) {
        remote.close(); // stops its refresh thread and HTTP client
      }
    }
    VerificationReport report = new VerificationReport(spec.commandLine().getOut(), host.clock().instant());
    if (json) {
      report.json(outcome, explain);
    } else {
      report.text(outcome, explain);
    }
    return outcome.result().isValid() ? ExitCode.OK : ExitCode.SOFTWARE;
  }

  private void checkOptions() {
    Usage.check(!keyFiles.isEmpty() || jwks != null, "give the keys to verify with: --key FILE or --jwks FILE_OR_URL");
    Usage.check(keyFiles.isEmpty() || jwks == null, "give --key or --jwks, not both");
    Usage.check((method == null) == (url == null), "--method and --url go together");
    Usage.check(bodyFile == null || method != null, "--body-file needs --method and --url");
    if (accessToken) {
      Usage.check(issuer != null, "--access-token needs --issuer ISS");
      Usage.check(principal == null, "--principal is for request tokens; an access token's subject is its sub");
      Usage.check(method == null, "request binding (--method, --url, --body-file) is for request tokens");
    } else {
      Usage.check(issuer == null, "--issuer is for access tokens (add --access-token)");
      Usage.check(scopes.isEmpty(), "--scope is for access tokens (add --access-token)");
    }
  }

  private KeySource keySource() {
    char[] secret = passphrase.read(host);
    if (jwks == null) {
      List<VerificationKey> keys = new ArrayList<>();
      for (Path file : keyFiles) {
        keys.addAll(KeyFiles.verificationKeys(host, file, secret));
      }
      return KeySource.of(keys);
    }
    String location = jwks.strip();
    String scheme = location.toLowerCase(Locale.ROOT);
    if (!scheme.startsWith("http://") && !scheme.startsWith("https://")) {
      return KeySource.of(KeyFiles.verificationKeys(Path.of(location), secret, "JWKS file"));
    }
    try {
      return RemoteJwks.builder(new URI(location)).build();
    } catch (URISyntaxException e) {
      throw CliError.usage("--jwks: '" + location + "' is not a URL: " + e.getReason(), e);
    } catch (IllegalStateException e) {
      throw CliError.usage("--jwks: " + e.getMessage(), e);
    }
  }

  private Explanation verifyRequestToken(String compact, KeySource keys, Optional<Provider> provider) {
    Optional<UnverifiedToken> claimed = UnverifiedToken.tryParse(compact);
    if (audience == null && claimed.isPresent()) {
      hintWhenUnverifiable(claimed.get());
    }
    // the principal read from the unverified payload only picks whose keys to look up
    String owner = principal != null ? principal : claimed.flatMap(UnverifiedToken::principal).orElse("");
    RequestTokenVerifier verifier;
    try {
      RequestTokenVerifier.Builder builder = RequestTokenVerifier.builder(new OnePrincipal(owner, keys)).clock(host.clock());
      if (audience != null) {
        builder.audience(audience);
      } else {
        builder.profiles(TokenProfile.COMPATIBLE);
      }
      if (skew != null) {
        builder.clockSkew(skew);
      }
      if (maxLifetime != null) {
        builder.maxLifetime(maxLifetime);
      }
      provider.ifPresent(builder::provider);
      verifier = builder.build();
    } catch (IllegalStateException e) {
      throw CliError.usage(e.getMessage(), e);
    }
    RequestContext request = request();
    return explain ? verifier.explain(compact, request) : new Explanation(verifier.verify(compact, request), List.of());
  }

  private void hintWhenUnverifiable(UnverifiedToken claimed) {
    String typ = claimed.type().orElse("").toLowerCase(Locale.ROOT);
    if (typ.equals("at+jwt") || typ.equals("application/at+jwt")) {
      throw CliError.usage("this is an access token (typ at+jwt); verify it with --access-token --issuer ISS");
    }
    if (!claimed.payload().containsKey("username")
        && (claimed.payload().containsKey("sub") || claimed.payload().containsKey("iss"))) {
      throw CliError.usage("this is a standard-profile request token; give --audience (the server's issuer URL) to verify it");
    }
  }

  private Explanation verifyAccessToken(String compact, KeySource keys, Optional<Provider> provider) {
    TokenVerifier verifier;
    try {
      TokenVerifier.Builder builder = TokenVerifier.builder(keys).issuer(Objects.requireNonNull(issuer)).clock(host.clock());
      if (audience != null) {
        builder.audience(audience);
      }
      if (!scopes.isEmpty()) {
        builder.requiredScopes(scopes.stream().filter(s -> !s.isEmpty()).toArray(String[]::new));
      }
      if (skew != null) {
        builder.clockSkew(skew);
      }
      if (maxLifetime != null) {
        builder.maxLifetime(maxLifetime);
      }
      provider.ifPresent(builder::provider);
      verifier = builder.build();
    } catch (IllegalStateException e) {
      throw CliError.usage(e.getMessage(), e);
    }
    return explain ? verifier.explain(compact) : new Explanation(verifier.verify(compact), List.of());
  }

  private @Nullable RequestContext request() {
    if (method == null || url == null) {
      return null;
    }
    byte[] body = bodyFile == null ? new byte[0] : Inputs.bytes(bodyFile, Inputs.MAX_BODY, "body file");
    return Requests.of(method, url, body, "--method/--url");
  }

  /**
   * The keys given on the command line, as the keys of one principal: the CLI has no registry, so
   * whoever the user says (or the token says) owns them. A lookup is lazy, so a remote JWKS is
   * fetched only for a token that gets as far as the key check.
   */
  private record OnePrincipal(String name, KeySource keys) implements PrincipalKeys {
    @Override
    public Optional<List<VerificationKey>> keysOf(String principal) {
      return principal.equals(name) ? Optional.of(keys.keys(null)) : Optional.empty();
    }
  }
}
