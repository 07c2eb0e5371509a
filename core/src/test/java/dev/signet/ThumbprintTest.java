package dev.signet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ThumbprintTest {
  /** RFC 7638 §3.1: the example RSA key, with its "alg" and "kid". */
  private static final String RFC7638_KEY = """
      {"kty": "RSA",
       "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
       "e": "AQAB",
       "alg": "RS256",
       "kid": "2011-04-29"}
      """;
  private static final String RFC7638_THUMBPRINT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

  @Test
  void thumbprint_rfc7638ExampleKey_matchesTheRfc() {
    assertThat(VerificationKey.parse(RFC7638_KEY).thumbprint()).isEqualTo(RFC7638_THUMBPRINT);
  }

  @Test
  void isNamedBy_kidOrAsymmetricJwtAuthFingerprint_trueOtherwiseFalse() throws Exception {
    VerificationKey key = VerificationKey.parse(RFC7638_KEY);
    String fingerprint = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(key.toPem().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));

    assertThat(key.isNamedBy("2011-04-29")).isTrue();
    assertThat(key.isNamedBy(fingerprint)).isTrue();
    assertThat(key.isNamedBy(RFC7638_THUMBPRINT)).isFalse(); // the thumbprint names it only when it is the kid
    assertThat(key.isNamedBy(fingerprint.toUpperCase(java.util.Locale.ROOT))).isFalse();
  }

  @Test
  void parse_jwkWithOwnKid_keepsThatKid() {
    VerificationKey key = VerificationKey.parse(RFC7638_KEY);

    assertThat(key.kid()).isEqualTo("2011-04-29");
    assertThat(key.algorithm()).contains(Algorithm.RS256);
  }

  @Test
  void parse_jwkWithoutKid_kidIsTheThumbprint() {
    String withoutKid = RFC7638_KEY.replaceAll(",\\s*\"kid\": \"2011-04-29\"", "");

    VerificationKey key = VerificationKey.parse(withoutKid);

    assertThat(withoutKid).doesNotContain("kid");
    assertThat(key.kid()).isEqualTo(RFC7638_THUMBPRINT);
  }

  @Test
  void parse_pemOfRfc7638ExampleKey_kidIsTheThumbprint() {
    VerificationKey fromPem = VerificationKey.parse(VerificationKey.parse(RFC7638_KEY).toPem());

    assertThat(fromPem.kid()).isEqualTo(RFC7638_THUMBPRINT);
  }

  static Stream<Named<SigningKey>> allKeys() {
    return KeyFixtures.all();
  }

  @ParameterizedTest
  @MethodSource("allKeys")
  void thumbprint_sameKeyInEveryFormat_isTheSame(SigningKey key) {
    String thumbprint = key.publicKey().thumbprint();

    assertThat(VerificationKey.parse(key.publicKey().toPem()).thumbprint()).isEqualTo(thumbprint);
    assertThat(VerificationKey.parse(key.publicKey().toJwk()).thumbprint()).isEqualTo(thumbprint);
    assertThat(VerificationKey.parse(key.publicKey().toOpenSsh()).thumbprint()).isEqualTo(thumbprint);
    assertThat(SigningKey.parse(key.toPem()).publicKey().thumbprint()).isEqualTo(thumbprint);
    assertThat(thumbprint).matches("[A-Za-z0-9_-]{43}"); // base64url of SHA-256, no padding
  }

  @Test
  void withKid_anyKid_changesKidButNotThumbprint() {
    VerificationKey key = KeyFixtures.p256().publicKey().withKid("k7");

    assertThat(key.kid()).isEqualTo("k7");
    assertThat(key.thumbprint()).isEqualTo(KeyFixtures.p256().kid());
  }
}
