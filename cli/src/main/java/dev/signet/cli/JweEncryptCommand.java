package dev.signet.cli;

import dev.signet.EncryptionKey;
import dev.signet.JweEncrypter;
import dev.signet.TokenClaims;
import dev.signet.TokenSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet jwe encrypt}: stdin encrypted to a recipient key, the compact JWE on stdout; with
 * {@code --sign-with}, stdin's JSON claims signed first as a request token of {@code --principal}
 * (a nested JWT, RFC 7519 §11.2, {@code cty: JWT}).
 */
@Command(
    name = "encrypt",
    sortOptions = false,
    description = {"Encrypt stdin to a recipient's public key and print the compact JWE (RSA-OAEP-256 or ECDH-ES, A256GCM).",
        "With --sign-with, stdin is a JSON object of claims, signed first as a request token of --principal "
            + "(iss, sub, aud, iat, exp, jti added): a nested JWT, as POST /whoami takes it."})
final class JweEncryptCommand implements Callable<Integer> {
  static final int MAX_PAYLOAD = 256 * 1024;
  private static final Duration LIFETIME = Duration.ofSeconds(60);

  @Spec CommandSpec spec;

  private final Host host;

  @Option(names = "--to", required = true, paramLabel = "URL|FILE",
      description = "The recipient key: a server URL (its /.well-known/jwks.json), a JWKS URL, or a JWKS, JWK or PEM public key file.")
  String to;

  @Option(names = "--sign-with", paramLabel = "FILE", description = "Sign first with this private key (a nested JWT); needs --principal.")
  @Nullable Path signWith;

  @Option(names = "--principal", paramLabel = "NAME", description = "With --sign-with: who the inner token speaks for (iss and sub).")
  @Nullable String principal;

  @Option(names = "--audience", paramLabel = "AUD", description = "With --sign-with: the inner token's aud (default: the --to URL's origin).")
  @Nullable String audience;

  @Option(names = "--zip", description = "Compress before encrypting (zip: DEF). Never for payloads mixing secrets with text others choose.")
  boolean zip;

  @Mixin PassphraseOptions passphrase = new PassphraseOptions();

  @Mixin HttpOptions http = new HttpOptions();

  JweEncryptCommand(Host host) {
    this.host = host;
  }

  @Override
  public Integer call() {
    Usage.check(signWith == null || principal != null, "--sign-with needs --principal NAME");
    Usage.check(signWith != null || (principal == null && audience == null), "--principal and --audience go with --sign-with");
    byte[] payload = stdin();
    EncryptionKey recipient = RecipientKeyOption.resolve(to, http, spec.commandLine().getErr());
    JweEncrypter.Builder builder = JweEncrypter.builder(recipient);
    if (zip) {
      builder.compress();
    }
    JweEncrypter encrypter = builder.build();
    String jwe = signWith == null ? encrypter.encrypt(payload) : encrypter.encryptToken(signed(payload));
    spec.commandLine().getOut().print(jwe + "\n");
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }

  private byte[] stdin() {
    try {
      byte[] bytes = host.stdin().readNBytes(MAX_PAYLOAD + 1);
      Usage.check(bytes.length <= MAX_PAYLOAD, "stdin is larger than " + (MAX_PAYLOAD / 1024) + " KiB");
      return bytes;
    } catch (IOException e) {
      throw CliError.failure("cannot read stdin: " + e.getMessage(), e);
    }
  }

  private String signed(byte[] payload) {
    TokenSigner signer = TokenSigner.of(KeyFiles.signingKey(host, java.util.Objects.requireNonNull(signWith), passphrase.read(host)),
        host.clock(), null);
    Map<String, Object> claims = claims(payload);
    String name = java.util.Objects.requireNonNull(principal);
    Instant now = host.clock().instant();
    TokenClaims.Builder token = TokenClaims.builder();
    claims.forEach(token::claim);
    token.issuer(name).subject(name).issuedAt(now).expiresAt(now.plus(LIFETIME)).id(UUID.randomUUID().toString())
        .audience(audience != null ? audience : to.startsWith("http") ? HttpTransport.origin(Urls.http(to, "--to")) : name);
    return signer.sign(token.build());
  }

  private static Map<String, Object> claims(byte[] payload) {
    String text = new String(payload, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return Map.of();
    }
    return Json.parseObject(text).orElseThrow(() -> CliError.usage("with --sign-with, stdin must be a JSON object of claims"));
  }
}
