package dev.signet;

import static dev.signet.KeyFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Key material never shows in {@code toString()} or in the message of a refused key. */
class KeySecrecyTest {
  /** Eight base64 characters are 48 bits: no chance to turn up in a message by accident. */
  private static final int CHUNK = 8;
  private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/_-]{16,}");

  static Stream<Named<SigningKey>> allKeys() {
    return KeyFixtures.all();
  }

  @ParameterizedTest
  @MethodSource("allKeys")
  void toString_signingKey_showsNoPartOfThePrivateKey(SigningKey key) {
    String pkcs8 = Base64.getEncoder().encodeToString(key.privateKey().getEncoded());
    String d = (String) JwkFormatTest.json(key.toJwk()).get("d");

    assertThat(chunks(pkcs8)).noneSatisfy(chunk -> assertThat(key.toString()).contains(chunk));
    assertThat(chunks(d)).noneSatisfy(chunk -> assertThat(key.toString()).contains(chunk));
    assertThat(key.toString()).isEqualTo(
        "SigningKey[kid=" + key.kid() + ", " + key.publicKey().description() + ", alg=" + key.algorithm() + "]");
  }

  @ParameterizedTest
  @MethodSource("allKeys")
  void toString_verificationKey_showsKidAndDescriptionOnly(SigningKey key) {
    VerificationKey pinned = key.publicKey().withKid("k1").withAlgorithm(key.algorithm());

    assertThat(pinned.toString())
        .isEqualTo("VerificationKey[kid=k1, " + key.publicKey().description() + ", alg=" + key.algorithm() + "]");
  }

  static Stream<Arguments> refusedKeyTexts() {
    String pkcs8 = KeyFixtures.p256().toPem();
    byte[] der = KeyFixtures.rsa2048().privateKey().getEncoded();
    der[der.length / 2] ^= 0x5a;
    return Stream.of(
        refused("private PEM cut in half", pkcs8.substring(0, pkcs8.length() / 2), () -> SigningKey.parse(pkcs8.substring(0, pkcs8.length() / 2))),
        refused("PKCS#8 with a byte changed", KeyFixtures.pem("PRIVATE KEY", der), () -> SigningKey.parse(KeyFixtures.pem("PRIVATE KEY", der))),
        refused("RSA 1024 private key", fixture("rsa-1024-pkcs1.pem"), () -> SigningKey.parse(fixture("rsa-1024-pkcs1.pem"))),
        refused("private key given as public", KeyFixtures.ed25519().toPem(), () -> VerificationKey.parse(KeyFixtures.ed25519().toPem())),
        refused("private JWK given as public", KeyFixtures.p384().toJwk(), () -> VerificationKey.parse(KeyFixtures.p384().toJwk())),
        refused("encrypted key, wrong passphrase", fixture("ec-p256-pkcs8-encrypted.pem"),
            () -> SigningKey.parse(fixture("ec-p256-pkcs8-encrypted.pem"), "wrong".toCharArray())),
        refused("legacy encrypted key, wrong passphrase", fixture("rsa-2048-pkcs1-encrypted-legacy.pem"),
            () -> SigningKey.parse(fixture("rsa-2048-pkcs1-encrypted-legacy.pem"), "wrong".toCharArray())),
        refused("private JWK with too short d", shortD(), () -> SigningKey.parse(shortD())),
        refused("private JWK with halves of two keys", mixedJwk(), () -> SigningKey.parse(mixedJwk())),
        refused("EC JWK off its curve", offCurveJwk(), () -> VerificationKey.parse(offCurveJwk())),
        refused("OpenSSH line with the wrong type", wrongSshType(), () -> VerificationKey.parse(wrongSshType())));
  }

  @ParameterizedTest
  @MethodSource("refusedKeyTexts")
  void parse_refusedKey_messagesQuoteNoKeyMaterial(String input, Supplier<?> reading) {
    Throwable thrown = catchThrowable(reading::get);

    assertThat(thrown).isExactlyInstanceOf(UnusableKeyException.class);
    List<String> secrets = secretChunks(input);
    for (Throwable t = thrown; t != null; t = t.getCause()) { // causes reach logs
      String message = String.valueOf(t.getMessage());
      assertThat(secrets)
          .as("message of %s: %s", t.getClass().getSimpleName(), message)
          .noneSatisfy(chunk -> assertThat(message).containsIgnoringCase(chunk));
    }
  }

  private static Arguments refused(String name, String input, Supplier<?> reading) {
    return Arguments.of(Named.of(name, input), reading);
  }

  private static String shortD() {
    Map<String, Object> jwk = JwkFormatTest.json(KeyFixtures.ed25519().toJwk());
    jwk.put("d", ((String) jwk.get("d")).substring(0, 20));
    return JSONObjectUtils.toJSONString(jwk);
  }

  private static String mixedJwk() {
    Map<String, Object> jwk = JwkFormatTest.json(KeyFixtures.p256().toJwk());
    jwk.put("d", JwkFormatTest.json(SigningKey.generateEc("P-256").toJwk()).get("d"));
    return JSONObjectUtils.toJSONString(jwk);
  }

  private static String offCurveJwk() {
    Map<String, Object> jwk = JwkFormatTest.json(KeyFixtures.p521().publicKey().toJwk());
    jwk.put("y", jwk.get("x"));
    return JSONObjectUtils.toJSONString(jwk);
  }

  private static String wrongSshType() {
    return "ssh-ed25519 " + KeyFixtures.rsa2048().publicKey().toOpenSsh().split(" ")[1];
  }

  /**
   * Pieces of the input's key material as a message could quote them: the input's own base64
   * text, and its decoded bytes re-encoded as base64 or base64url (at each of the three byte
   * alignments, so an inner structure's encoding is covered too) and as hex.
   */
  private static List<String> secretChunks(String input) {
    List<String> chunks = chunksOfBase64Runs(input);
    for (byte[] bytes : decodedKeyMaterial(input)) {
      for (int shift = 0; shift < 3 && shift < bytes.length; shift++) {
        byte[] tail = Arrays.copyOfRange(bytes, shift, bytes.length);
        chunks.addAll(chunks(Base64.getEncoder().encodeToString(tail)));
        chunks.addAll(chunks(Base64.getUrlEncoder().withoutPadding().encodeToString(tail)));
      }
      String hex = HexFormat.of().formatHex(bytes);
      for (int i = 0; i + 2 * CHUNK <= hex.length(); i += 2) {
        chunks.add(hex.substring(i, i + 2 * CHUNK));
      }
    }
    return chunks;
  }

  private static List<byte[]> decodedKeyMaterial(String input) {
    List<byte[]> decoded = new ArrayList<>();
    if (input.contains("-----BEGIN ")) {
      String body = input.lines().filter(line -> !line.startsWith("-----") && !line.contains(":")).reduce("", String::concat);
      decoded.add(Base64.getMimeDecoder().decode(body));
      return decoded;
    }
    Matcher runs = BASE64_RUN.matcher(input);
    while (runs.find()) {
      String run = runs.group();
      try {
        decoded.add(run.contains("-") || run.contains("_") || !run.contains("+") && !run.contains("/")
            ? Base64.getUrlDecoder().decode(run.replace("=", ""))
            : Base64.getDecoder().decode(run));
      } catch (IllegalArgumentException notBase64) {
        // a run of letters that decodes to nothing: its text chunks are checked all the same
      }
    }
    return decoded;
  }

  /** Every {@link #CHUNK}-character piece of every long base64 or base64url run in {@code text}. */
  private static List<String> chunksOfBase64Runs(String text) {
    List<String> chunks = new ArrayList<>();
    Matcher runs = BASE64_RUN.matcher(text);
    while (runs.find()) {
      chunks.addAll(chunks(runs.group()));
    }
    return chunks;
  }

  private static List<String> chunks(String base64) {
    List<String> chunks = new ArrayList<>();
    for (int i = 0; i + CHUNK <= base64.length(); i += CHUNK) {
      chunks.add(base64.substring(i, i + CHUNK));
    }
    return chunks;
  }
}
