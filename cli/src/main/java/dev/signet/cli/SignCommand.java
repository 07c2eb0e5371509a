package dev.signet.cli;

import dev.signet.Algorithm;
import dev.signet.RequestContext;
import dev.signet.RequestTokenBuilder;
import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code signet token sign}: a request token for one principal, printed on stdout. */
@Command(
    name = "sign",
    sortOptions = false,
    description = {"Sign a request token with a private key and print it.",
        "Without --audience the compatible profile (username, time, nonce); with it the standard one "
            + "(iss = sub, aud, iat, exp, jti)."})
final class SignCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final Host host;

  @Option(names = "--key", required = true, paramLabel = "FILE", description = "The private key (PEM or JWK); " + KeyPaths.RULE + ".")
  Path key;

  @Option(names = "--principal", required = true, paramLabel = "NAME", description = "Who the token speaks for.")
  String principal;

  @Option(names = "--audience", paramLabel = "URL",
      description = "The server's issuer URL: switches to the standard profile.")
  @Nullable String audience;

  @Option(names = "--lifetime", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "exp - iat in the standard profile (default: 30s).")
  @Nullable Duration lifetime;

  @Option(names = "--bind", arity = "2", paramLabel = "METHOD URL", hideParamSyntax = true,
      description = "Bind the token to one request: htm, htu, and qsh when the URL has a query.")
  @Nullable List<String> bind;

  @Option(names = "--body-file", paramLabel = "FILE", description = "The request body, bound as bsh (needs --bind).")
  @Nullable Path bodyFile;

  @Option(names = "--nonce", paramLabel = "NONCE", description = "The nonce or jti (default: 128 random bits).")
  @Nullable String nonce;

  @Option(names = "--kid", paramLabel = "KID", description = "The kid in the header (default: the key's own).")
  @Nullable String kid;

  @Option(names = "--alg", paramLabel = "ALG", converter = AlgorithmConverter.class,
      description = "The algorithm (default: the key's: RS256, the curve's ES*, or EdDSA).")
  @Nullable Algorithm algorithm;

  @Mixin PassphraseOptions passphrase = new PassphraseOptions();

  @Mixin CryptoOption crypto = new CryptoOption();

  SignCommand(Host host) {
    this.host = host;
  }

  @Override
  public Integer call() {
    Usage.check(lifetime == null || audience != null, "--lifetime needs --audience (the compatible profile has no exp)");
    Usage.check(bodyFile == null || bind != null, "--body-file needs --bind METHOD URL");
    Usage.check(bind == null || bind.size() == 2, "--bind takes one METHOD URL pair");
    RequestContext request = request();
    SigningKey signingKey = signingKey();
    TokenSigner signer = TokenSigner.of(signingKey, host.clock(), crypto.provider().orElse(null));
    String token;
    try {
      RequestTokenBuilder builder = signer.requestToken(principal);
      if (audience != null) {
        builder.audience(audience);
      }
      if (lifetime != null) {
        builder.lifetime(lifetime);
      }
      if (nonce != null) {
        builder.nonce(nonce);
      }
      if (request != null) {
        builder.bind(request);
      }
      token = builder.sign();
    } catch (IllegalArgumentException e) { // empty principal, non-positive lifetime
      throw CliError.usage(e.getMessage(), e);
    }
    spec.commandLine().getOut().println(token);
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }

  private SigningKey signingKey() {
    SigningKey k = KeyFiles.signingKey(host, key, passphrase.read(host));
    try {
      if (algorithm != null) {
        k = k.withAlgorithm(algorithm);
      }
      return kid != null ? k.withKid(kid) : k;
    } catch (IllegalArgumentException e) { // alg that does not fit the key, bad kid
      throw CliError.usage(e.getMessage(), e);
    }
  }

  private @Nullable RequestContext request() {
    if (bind == null) {
      return null;
    }
    byte[] body = bodyFile == null ? new byte[0] : Inputs.bytes(bodyFile, Inputs.MAX_BODY, "body file");
    return Requests.of(bind.get(0), bind.get(1), body, "--bind");
  }
}
