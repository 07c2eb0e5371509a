package dev.signet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever the text, reading it ends quickly in a key or an {@link UnusableKeyException} with a
 * message: never a NullPointerException, an ASN.1 or base64 exception, or a hang.
 */
class MalformedKeyTextTest {
  private static final int ONE_MB = 1 << 20;

  static Stream<Arguments> malformedTexts() {
    String spki = KeyFixtures.p256().publicKey().toPem();
    String spkiBody = Base64.getEncoder().encodeToString(KeyFixtures.p256().publicKey().key().getEncoded());
    String pkcs8 = KeyFixtures.rsa2048().toPem();
    String jwk = KeyFixtures.p256().publicKey().toJwk();
    String ssh = KeyFixtures.ed25519().publicKey().toOpenSsh();
    byte[] noise = new byte[4096];
    new Random(7638).nextBytes(noise);
    return Stream.of(
        named("empty", ""),
        named("blank", " \n\t\r\n"),
        named("plain words", "this is not a key"),
        named("NUL characters", "\0\0\0\0"),
        named("random bytes as text", new String(noise, StandardCharsets.ISO_8859_1)),
        named("bare base64 of an SPKI", spkiBody),
        named("PEM BEGIN line only", "-----BEGIN PUBLIC KEY-----"),
        named("PEM without END line", spki.replace("-----END PUBLIC KEY-----", "")),
        named("PEM cut in half", spki.substring(0, spki.length() / 2)),
        named("private PEM cut in half", pkcs8.substring(0, pkcs8.length() / 2)),
        named("PEM with mismatched END", spki.replace("END PUBLIC KEY", "END PRIVATE KEY")),
        named("PEM with non-base64 body", pem("PUBLIC KEY", "!!!!@@@@####$$$$")),
        named("PEM with base64 of bad length", pem("PUBLIC KEY", "AAA")),
        named("PEM with empty body", pem("PUBLIC KEY", "")),
        named("PEM with DER cut short", pem("PUBLIC KEY", spkiBody.substring(0, 40))),
        named("PEM with one DER byte changed", pem("PUBLIC KEY", spkiBody.substring(0, 20) + "A" + spkiBody.substring(21))),
        named("PEM PUBLIC KEY holding random bytes", pem("PUBLIC KEY", Base64.getEncoder().encodeToString(noise))),
        named("PEM PRIVATE KEY holding an INTEGER", pem("PRIVATE KEY", "AgEA")),
        named("PEM PRIVATE KEY holding an empty SEQUENCE", pem("PRIVATE KEY", "MAA=")),
        named("PEM RSA PRIVATE KEY holding junk", pem("RSA PRIVATE KEY", "MAMCAQA=")),
        named("PEM EC PRIVATE KEY holding junk", pem("EC PRIVATE KEY", "MAMCAQA=")),
        named("PEM RSA PUBLIC KEY holding junk", pem("RSA PUBLIC KEY", "MAMCAQA=")),
        named("PEM ENCRYPTED PRIVATE KEY holding junk", pem("ENCRYPTED PRIVATE KEY", "MAMCAQA=")),
        named("PEM CERTIFICATE holding junk", pem("CERTIFICATE", "MAMCAQA=")),
        named("PEM of an unknown type", pem("FOO BAR", "MAMCAQA=")),
        named("PEM OPENSSH PRIVATE KEY", pem("OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAA")),
        named("PEM EC PARAMETERS only", pem("EC PARAMETERS", "BggqhkjOPQMBBw==")),
        named("legacy encrypted PEM with junk IV",
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,zz\n\nMAMCAQA=\n-----END RSA PRIVATE KEY-----\n"),
        named("legacy encrypted PEM with unknown cipher",
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: ROT13,00\n\nMAMCAQA=\n-----END RSA PRIVATE KEY-----\n"),
        named("JSON brace only", "{"),
        named("JSON empty object", "{}"),
        named("JSON with trailing text", jwk + " trailing"),
        named("JSON array", "[" + jwk + "]"),
        named("JWK cut in half", jwk.substring(0, jwk.length() / 2)),
        named("JWK with numeric kty", "{\"kty\":5}"),
        named("JWK of unknown kty", "{\"kty\":\"DSA\",\"y\":\"AQAB\"}"),
        named("RSA JWK without n", "{\"kty\":\"RSA\",\"e\":\"AQAB\"}"),
        named("RSA JWK with numeric n", "{\"kty\":\"RSA\",\"n\":5,\"e\":\"AQAB\"}"),
        named("RSA JWK with empty n and e", "{\"kty\":\"RSA\",\"n\":\"\",\"e\":\"\"}"),
        named("RSA JWK with non-base64url n", "{\"kty\":\"RSA\",\"n\":\"!!!!\",\"e\":\"AQAB\"}"),
        named("EC JWK without y", "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AAAA\"}"),
        named("EC JWK of unknown curve", "{\"kty\":\"EC\",\"crv\":\"P-999\",\"x\":\"AAAA\",\"y\":\"AAAA\"}"),
        named("EC JWK with junk x5c", "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AAAA\",\"y\":\"AAAA\",\"x5c\":[\"AAAA\"]}"),
        named("OKP JWK with short x", "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAA\"}"),
        named("OKP JWK with short d", "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\",\"d\":\"AAAA\"}"),
        named("JWKS with keys a string", "{\"keys\":\"x\"}"),
        named("JWKS with keys numbers", "{\"keys\":[1,2]}"),
        named("JWKS with a null key", "{\"keys\":[null]}"),
        named("JWKS with an empty key", "{\"keys\":[{}]}"),
        named("deeply nested JSON", "{\"a\":" + "[".repeat(100_000)),
        named("deeply nested closed JSON", "{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}"),
        named("OpenSSH type without key", "ssh-ed25519"),
        named("OpenSSH with too-short blob", "ssh-rsa AAAA"),
        named("OpenSSH with base64 of bad length", "ssh-rsa AAAAA"),
        named("OpenSSH blob naming only its type", "ssh-rsa AAAAB3NzaC1yc2E="),
        named("OpenSSH Ed25519 blob with short key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA=="),
        named("OpenSSH ECDSA blob without point", "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTY="),
        named("OpenSSH ECDSA blob of unknown curve", "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHA5OTkAAAAA"),
        named("OpenSSH line cut in half", ssh.substring(0, ssh.length() / 2)),
        named("two OpenSSH lines", ssh + "\n" + ssh),
        named("1 MB of letters", "A".repeat(ONE_MB)),
        named("1 MB of BEGIN lines", "-----BEGIN PUBLIC KEY-----\n".repeat(ONE_MB / 27)),
        named("1 MB PEM body", "-----BEGIN PUBLIC KEY-----\n" + "QUFB\n".repeat(ONE_MB / 5) + "-----END PUBLIC KEY-----\n"),
        named("1 MB PEM of base64 without END", "-----BEGIN PRIVATE KEY-----\n" + "QUFBQUFB".repeat(ONE_MB / 8)),
        named("1 MB JWK", "{\"kty\":\"RSA\",\"n\":\"" + "A".repeat(ONE_MB) + "\",\"e\":\"AQAB\"}"),
        named("1 MB JWKS", "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"" + "A".repeat(ONE_MB) + "\",\"e\":\"AQAB\"}]}"),
        named("1 MB of JSON braces", "{".repeat(ONE_MB)),
        named("1 MB OpenSSH blob", "ssh-rsa " + "A".repeat(ONE_MB)),
        named("1 MB of OpenSSH types", "ssh-rsa ".repeat(ONE_MB / 8) + "!"),
        named("1 MB OpenSSH comment", ssh + " " + "x".repeat(ONE_MB)));
  }

  @ParameterizedTest
  @MethodSource("malformedTexts")
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  void verificationKeyParse_malformedText_throwsUnusableKeyExceptionWithMessage(String text) {
    assertUnusable(text, VerificationKey::parse);
    assertUnusable(text, VerificationKey::parseAll);
  }

  @ParameterizedTest
  @MethodSource("malformedTexts")
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  void signingKeyParse_malformedText_throwsUnusableKeyExceptionWithMessage(String text) {
    assertUnusable(text, SigningKey::parse);
    assertUnusable(text, t -> SigningKey.parse(t, "some passphrase".toCharArray()));
  }

  private static void assertUnusable(String text, Function<String, ?> reader) {
    Throwable thrown = catchThrowable(() -> reader.apply(text));

    assertThat(thrown).isExactlyInstanceOf(UnusableKeyException.class);
    assertThat(thrown.getMessage()).isNotBlank().hasSizeLessThan(400);
  }

  private static Arguments named(String name, String text) {
    return Arguments.of(Named.of(name, text));
  }

  private static String pem(String type, String body) {
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
