package dev.signet.cli;

import dev.signet.Algorithm;
import dev.signet.KeyType;
import dev.signet.SigningKey;
import dev.signet.UnusableKeyException;
import java.io.PrintWriter;
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
import picocli.CommandLine.Spec;

/**
 * {@code signet keygen}: a new key pair. The private key goes to a file created with mode 0600,
 * never to stdout; the public key beside it. Prints only the kid, the type and the paths.
 */
@Command(
    name = "keygen",
    sortOptions = false,
    description = {"Generate a key pair: the private key to --out (mode 0600), the public key to --pub.",
        "Prints the kid, the key type and the paths; never the private key."})
final class KeygenCommand implements Callable<Integer> {
  enum PrivateFormat { PKCS8, PKCS1, SEC1, JWK }

  enum PublicFormat { PEM, JWK, OPENSSH }

  @Spec CommandSpec spec;

  private final Host host;

  @Mixin KeyShape shape = new KeyShape();

  @Option(names = "--alg", paramLabel = "ALG", converter = AlgorithmConverter.class,
      description = "Pin the key to one algorithm (RS256…PS512, ES256…ES512, EdDSA, Ed25519), which implies --type (and --curve); "
          + "recorded in JWK output.")
  @Nullable Algorithm algorithm;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Where to write the private key (required: it is never printed); " + KeyPaths.RULE + ".")
  @Nullable Path out;

  @Option(names = "--pub", paramLabel = "FILE", description = "Where to write the public key (default: the --out file + .pub).")
  @Nullable Path pub;

  @Option(names = "--format", paramLabel = "pkcs8|pkcs1|sec1|jwk", defaultValue = "pkcs8",
      description = "Private key format: PEM PKCS#8, PKCS#1 (RSA), SEC1 (EC) or a JWK (default: ${DEFAULT-VALUE}).")
  PrivateFormat format = PrivateFormat.PKCS8;

  @Option(names = "--pub-format", paramLabel = "pem|jwk|openssh", defaultValue = "pem",
      description = "Public key format: PEM SPKI, a JWK or an OpenSSH line (default: ${DEFAULT-VALUE}).")
  PublicFormat pubFormat = PublicFormat.PEM;

  @Mixin PassphraseOptions passphrase = new PassphraseOptions();

  @Option(names = "--kid", paramLabel = "KID", description = "Key id (default: the RFC 7638 thumbprint); recorded in JWK output.")
  @Nullable String kid;

  @Option(names = "--force", description = "Overwrite existing key files.")
  boolean force;

  KeygenCommand(Host host) {
    this.host = host;
  }

  @Override
  public Integer call() {
    Path given = out;
    if (given == null || given.toString().equals("-")) {
      throw CliError.usage("refusing to print a private key; write it to a file with --out FILE");
    }
    KeyType keyType = shape.keyType(algorithm);
    checkFormats(keyType);
    char[] secret = passphrase.read(host);
    Path privatePath = KeyPaths.forWriting(host, given);
    Path publicPath = pub != null ? KeyPaths.forWriting(host, pub) : Path.of(privatePath + ".pub");
    Usage.check(!publicPath.equals(privatePath), "--pub must differ from --out");
    KeyFileWriter.checkWritable(privatePath, force);
    KeyFileWriter.checkWritable(publicPath, force);

    SigningKey key = generate(keyType);
    KeyFileWriter.writePrivate(privatePath, readableBack(privateText(key, secret), key, secret), force);
    KeyFileWriter.writePublic(publicPath, publicText(key), force);

    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println("kid      " + key.kid());
    stdout.println("type     " + key.publicKey().description() + ", alg " + key.algorithm());
    stdout.println("private  " + privatePath + " (" + format.name().toLowerCase(Locale.ROOT)
        + (secret != null ? ", encrypted" : "") + ", mode 0600)");
    stdout.println("public   " + publicPath + " (" + pubFormat.name().toLowerCase(Locale.ROOT) + ")");
    stdout.flush();
    noteUnrecorded();
    return ExitCode.OK;
  }

  private void checkFormats(KeyType keyType) {
    Usage.check(format != PrivateFormat.PKCS1 || keyType == KeyType.RSA, "--format pkcs1 is for RSA keys; use pkcs8");
    Usage.check(format != PrivateFormat.SEC1 || keyType == KeyType.EC, "--format sec1 is for EC keys; use pkcs8");
    Usage.check(!passphrase.given() || format == PrivateFormat.PKCS8,
        "a passphrase encrypts pkcs8 output only, not --format " + format.name().toLowerCase(Locale.ROOT));
  }

  private SigningKey generate(KeyType keyType) {
    SigningKey key = shape.generate(keyType, algorithm);
    try {
      if (algorithm != null) {
        key = key.withAlgorithm(algorithm);
      }
      return kid != null ? key.withKid(kid) : key;
    } catch (IllegalArgumentException e) { // the core's message: a bad kid
      throw CliError.usage(e.getMessage(), e);
    }
  }

  private String privateText(SigningKey key, char @Nullable [] secret) {
    return switch (format) {
      case PKCS8 -> secret != null ? key.toPem(secret) : key.toPem();
      case PKCS1, SEC1 -> key.toTraditionalPem();
      case JWK -> key.toJwk() + "\n";
    };
  }

  /** Never leaves a key file behind that Signet itself could not read back. */
  private String readableBack(String text, SigningKey key, char @Nullable [] secret) {
    String problem;
    try {
      SigningKey back = SigningKey.parse(text, secret);
      if (back.publicKey().thumbprint().equals(key.publicKey().thumbprint())) {
        return text;
      }
      problem = "it reads back as another key";
    } catch (UnusableKeyException e) {
      problem = e.getMessage();
    }
    throw CliError.failure("the " + format.name().toLowerCase(Locale.ROOT)
        + " key did not read back, so nothing was written (use --format pkcs8): " + problem);
  }

  private String publicText(SigningKey key) {
    try {
      return switch (pubFormat) {
        case PEM -> key.publicKey().toPem();
        case JWK -> key.publicKey().toJwk() + "\n";
        case OPENSSH -> key.publicKey().toOpenSsh() + "\n";
      };
    } catch (UnusableKeyException e) {
      throw CliError.usage(e.getMessage(), e);
    }
  }

  /** PEM and OpenSSH files have no place for a kid or an alg: say so, rather than let them vanish. */
  private void noteUnrecorded() {
    List<String> lost = new ArrayList<>();
    if (kid != null && format != PrivateFormat.JWK) {
      lost.add("--kid " + kid);
    }
    if (algorithm != null && format != PrivateFormat.JWK) {
      lost.add("--alg " + algorithm);
    }
    if (!lost.isEmpty()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("signet: note: a " + format.name().toLowerCase(Locale.ROOT) + " file records no kid or alg; pass "
          + String.join(" ", lost) + " to 'signet token sign', or use --format jwk");
      err.flush();
    }
  }
}
