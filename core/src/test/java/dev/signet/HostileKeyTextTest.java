package dev.signet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Key text shaped to make a parser work hard (gh-12: {@code "ssh-rsa A" + 60,000 spaces +
 * "\u2028x"} cost 43 s of CPU in the OpenSSH line regex). Every format is bounded before it is
 * parsed and parsed in linear time, so each of these answers at once with a key or a precise
 * refusal. The {@link #GUARD} only stops a hang from stalling the build (the old regex needs
 * about half an hour for the first case); it is not a speed assertion.
 */
class HostileKeyTextTest {
  static final Duration GUARD = Duration.ofSeconds(5);
  private static final String NOT_A_KEY =
      "not a key: expected PEM (-----BEGIN …), a JWK or JWKS (JSON), or an OpenSSH public key line";

  private static final String ED25519_LINE = KeyFixtures.ed25519().publicKey().toOpenSsh();
  private static final String ED25519_BLOB = ED25519_LINE.split(" ")[1];
  private static final String SPKI = KeyFixtures.p256().publicKey().toPem();

  static Stream<Arguments> refusedTexts() {
    String reviewers = "ssh-rsa A" + " ".repeat(400_000) + "\u2028x";
    String reviewersShort = "ssh-rsa A" + " ".repeat(8000) + "\u2028x";
    byte[] noise = new byte[22_000];
    new Random(12).nextBytes(noise);
    String randomBase64 = Base64.getEncoder().encodeToString(noise);
    String hugePem = KeyFixtures.pem("PUBLIC KEY", new byte[300_000]);
    String hugeJwk = "{\"kty\":\"RSA\",\"n\":\"" + "A".repeat(1 << 20) + "\",\"e\":\"AQAB\"}";
    return Stream.of(
        // OpenSSH lines
        refused("the reviewer's line, 400,000 spaces", reviewers,
            "not a key: 400011 characters of neither PEM nor JSON, longer than an OpenSSH key line can be (8192)"),
        refused("the reviewer's line within the line bound", reviewersShort, "not a readable OpenSSH ssh-rsa key"),
        refused("no-break space as the separator", "ssh-ed25519\u00a0" + ED25519_BLOB, NOT_A_KEY),
        refused("line separator as the separator", "ssh-ed25519\u2028" + ED25519_BLOB, NOT_A_KEY),
        refused("NUL as the separator", "ssh-ed25519\0" + ED25519_BLOB, NOT_A_KEY),
        refused("8 KiB of type words", "ssh-rsa ".repeat(1000), NOT_A_KEY),
        refused("unterminated quote in the options", "from=\"" + " ".repeat(7000) + ED25519_LINE, NOT_A_KEY),
        refused("blob in a non-canonical spelling", "ecdsa-sha2-nistp256 " + respelt(KeyFixtures.p256().publicKey().toOpenSsh().split(" ")[1]),
            "the OpenSSH ecdsa-sha2-nistp256 key's base64 is not in its canonical form"),
        refused("1 MB blob", "ssh-rsa " + "A".repeat(1 << 20), "key text is 1048584 characters; Signet reads at most 524288"),
        // PEM armour
        refused("1,000 BEGIN lines", "-----BEGIN PUBLIC KEY-----\n".repeat(1000),
            "PEM line 2 begins a block inside the PUBLIC KEY block"),
        refused("400 KB of BEGIN lines", "-----BEGIN PUBLIC KEY-----\n".repeat(15_000),
            "PEM key text is 405000 characters; Signet reads at most 32768"),
        refused("unterminated armour", "-----BEGIN PUBLIC KEY-----\n" + "QUFBQUFB\n".repeat(3000),
            "the PEM PUBLIC KEY block has no END line"),
        refused("END without BEGIN", "-----END PUBLIC KEY-----\n" + SPKI, "PEM line 1 ends a PUBLIC KEY block that never began"),
        refused("END of another label", SPKI.replace("END PUBLIC KEY", "END RSA PUBLIC KEY"),
            "PEM block PUBLIC KEY ends with END RSA PUBLIC KEY (line 4)"),
        refused("huge base64 over the PEM bound", hugePem, "PEM key text is " + hugePem.length() + " characters; Signet reads at most 32768"),
        refused("huge base64 within the PEM bound", "-----BEGIN PUBLIC KEY-----\n" + randomBase64 + "\n-----END PUBLIC KEY-----\n",
            null),
        refused("line separator inside the body", SPKI.replaceFirst("\n(.)", "\n\u2028$1"),
            "PEM line 2 in the PUBLIC KEY block is not base64"),
        refused("no-break space inside the body", SPKI.replaceFirst("\n(.)", "\n\u00a0\u00a0$1"),
            "PEM line 2 in the PUBLIC KEY block is not base64"),
        refused("NULs inside the body", SPKI.replaceFirst("\n(.)", "\n\0\0\0$1"), "PEM line 2 in the PUBLIC KEY block is not base64"),
        refused("two keys", SPKI + KeyFixtures.rsa2048().publicKey().toPem(), "PEM text holds more than one key; give one"),
        refused("17 blocks", KeyFixtures.pem("EC PARAMETERS", new byte[] {6, 8, 42, -122, 72, -50, 61, 3, 1, 7}).repeat(17),
            "PEM text has more than 16 blocks"),
        refused("a BEGIN line without its dashes", "-----BEGIN PUBLIC KEY\nAAAA\n-----END PUBLIC KEY-----\n",
            "PEM line 1 is not a well-formed BEGIN line"),
        // JSON
        refused("a 20 KB JWK", jwkPaddedTo(20_000, " "), "a JWK is 20000 characters; Signet reads at most 16384"),
        refused("a JWKS of 101 keys", jwks(101, ""), "JWKS has 101 keys; Signet reads at most 100"),
        refused("a JWK with a line separator between members", KeyFixtures.p256().publicKey().toJwk().replace(",", ",\u2028"), null),
        refused("1 MB JWK", hugeJwk, "key text is " + hugeJwk.length() + " characters; Signet reads at most 524288"));
  }

  @ParameterizedTest
  @MethodSource("refusedTexts")
  void verificationKeyParse_hostileText_refusedAtOnceWithTheReason(String text, String message) {
    Throwable thrown = assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> VerificationKey.parseAll(text)));

    assertThat(thrown).isExactlyInstanceOf(UnusableKeyException.class);
    if (!message.isEmpty()) {
      assertThat(thrown).hasMessage(message);
    }
  }

  static Stream<Arguments> acceptedTexts() {
    String jwk = KeyFixtures.p256().publicKey().toJwk();
    return Stream.of(
        accepted("tabs and spaces as separators, a comment with controls", "ssh-ed25519\t \t" + ED25519_BLOB + " \t alice\u2028\0laptop",
            KeyFixtures.ed25519().publicKey()),
        accepted("7,000 spaces and a line separator after the blob", "ssh-ed25519 " + ED25519_BLOB + " ".repeat(7000) + "\u2028",
            KeyFixtures.ed25519().publicKey()),
        accepted("7,000 spaces before the type", " ".repeat(7000) + ED25519_LINE, KeyFixtures.ed25519().publicKey()),
        accepted("a PEM with CRLF, trailing blanks and explanatory text", "Subject: alice\r\n" + SPKI.replace("\n", " \t\r\n"),
            KeyFixtures.p256().publicKey()),
        accepted("a JWK padded with JSON whitespace to the bound", jwkPaddedTo(16_384, " \t\r\n"), KeyFixtures.p256().publicKey()),
        accepted("a JWKS padded with JSON whitespace to 400 KB", jwks(1, " ".repeat(400_000)), KeyFixtures.p256().publicKey()),
        accepted("a JWKS of 100 keys", jwks(100, ""), KeyFixtures.p256().publicKey()),
        accepted("a JWK in one line", jwk, KeyFixtures.p256().publicKey()));
  }

  @ParameterizedTest
  @MethodSource("acceptedTexts")
  void verificationKeyParse_oddButValidText_readAtOnce(String text, VerificationKey expected) {
    List<VerificationKey> keys = assertTimeoutPreemptively(GUARD, () -> VerificationKey.parseAll(text));

    assertThat(keys).isNotEmpty().allSatisfy(k -> KeyFixtures.assertSamePublicKey(k, expected));
  }

  @Test
  void verificationKeyParse_commentOfControlsOnly_noLabel() {
    VerificationKey key = VerificationKey.parse(ED25519_LINE + " " + "\0".repeat(7000));

    assertThat(key.label()).isEmpty();
  }

  static Stream<Arguments> refusedPrivateTexts() {
    String pkcs8 = KeyFixtures.rsa2048().toPem();
    return Stream.of(
        refused("a private PEM padded over the PEM bound", "x".repeat(40_000) + "\n" + pkcs8,
            "PEM key text is " + (40_001 + pkcs8.length()) + " characters; Signet reads at most 32768"),
        refused("a private JWK over the JWK bound", KeyFixtures.p256().toJwk().replace("{", "{" + " ".repeat(20_000)),
            "not a private key: expected PEM (-----BEGIN … PRIVATE KEY-----) or a private JWK of at most 16384 characters"),
        refused("a private PEM cut open", pkcs8.replace("-----END PRIVATE KEY-----", ""), "the PEM PRIVATE KEY block has no END line"),
        refused("a private PEM inside another block", "-----BEGIN CERTIFICATE-----\n" + pkcs8 + "-----END CERTIFICATE-----\n",
            "PEM line 2 begins a block inside the CERTIFICATE block"));
  }

  @ParameterizedTest
  @MethodSource("refusedPrivateTexts")
  void signingKeyParse_hostileText_refusedAtOnceWithTheReason(String text, String message) {
    Throwable thrown = assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> SigningKey.parse(text)));

    assertThat(thrown).isExactlyInstanceOf(UnusableKeyException.class).hasMessage(message);
  }

  private static Arguments refused(String name, String text, String message) {
    return Arguments.of(Named.of(name, text), message == null ? "" : message);
  }

  private static Arguments accepted(String name, String text, VerificationKey key) {
    return Arguments.of(Named.of(name, text), key);
  }

  /** A second base64 spelling of the same bytes: the spare bits of the last character before '=' set. */
  private static String respelt(String base64) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    int last = base64.indexOf('=') - 1;
    String respelt = base64.substring(0, last) + alphabet.charAt(alphabet.indexOf(base64.charAt(last)) | 3) + base64.substring(last + 1);
    assertThat(Base64.getDecoder().decode(respelt)).isEqualTo(Base64.getDecoder().decode(base64));
    return respelt;
  }

  /** The P-256 JWK with JSON whitespace after its opening brace, to exactly {@code length} characters. */
  private static String jwkPaddedTo(int length, String whitespace) {
    String jwk = KeyFixtures.p256().publicKey().toJwk();
    int padding = length - jwk.length();
    String pad = whitespace.repeat(padding / whitespace.length() + 1).substring(0, padding);
    return "{" + pad + jwk.substring(1);
  }

  private static String jwks(int keys, String padding) {
    String jwk = KeyFixtures.p256().publicKey().toJwk();
    return "{\"keys\":[" + padding + IntStream.range(0, keys).mapToObj(i -> jwk).collect(Collectors.joining(",")) + "]}";
  }
}
