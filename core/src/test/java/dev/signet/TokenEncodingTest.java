package dev.signet;

import static dev.signet.Rejection.MALFORMED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Fixtures.Harness;
import dev.signet.Fixtures.Kind;
import dev.signet.Verification.Invalid;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestTokens;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One token, one encoding (RFC 7515 §2 and §5.2, RFC 4648 §3.5, RFC 8259 §8.1): a validly signed
 * token spelt a second way is {@link Rejection#MALFORMED} for both verifiers, and the same token
 * spelt canonically still verifies. Each of these was accepted before gh-12: the JDK's base64url
 * decoder takes {@code =} padding and ignores spare bits, {@code new String(bytes, UTF_8)}
 * replaces bytes that are not UTF-8, and Nimbus reads {@code crit: []} as no {@code crit}.
 */
class TokenEncodingTest {
  private static final String PADDING = "is not base64url: '=' padding is not allowed (RFC 7515 §2)";
  private static final String SPARE_BITS = "is not base64url: its last character has non-zero spare bits (RFC 4648 §3.5)";
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private final MutableClock clock = Fixtures.clock();

  enum Part { HEADER, PAYLOAD, SIGNATURE }

  enum Defect { PADDING, SPARE_BITS }

  static Stream<Arguments> respellings() {
    return Stream.of(Kind.values()).flatMap(kind -> Stream.of(Part.values()).flatMap(part ->
        Stream.of(Defect.values()).map(defect -> Arguments.of(kind, part, defect))));
  }

  @ParameterizedTest(name = "{0} {1} with {2}")
  @MethodSource("respellings")
  void verify_partSpeltWithPaddingOrSpareBits_malformedWhileCanonicalFormVerifies(Kind kind, Part part, Defect defect) {
    Harness harness = kind.trusting(clock, Fixtures.alice().publicKey());
    TestTokens.Builder builder = harness.token(Fixtures.alice());
    String header = lengthened(builder, Part.HEADER).encodedHeader();
    String payload = lengthened(builder, Part.PAYLOAD).encodedPayload();
    String canonical = builder.signEncoded(header, payload);
    String respelt = switch (part) {
      case HEADER -> builder.signEncoded(respell(header, defect), payload);
      case PAYLOAD -> builder.signEncoded(header, respell(payload, defect));
      case SIGNATURE -> {
        int dot = canonical.lastIndexOf('.');
        yield canonical.substring(0, dot + 1) + respell(canonical.substring(dot + 1), defect);
      }
    };

    assertThat(harness.verify(respelt)).isEqualTo(new Invalid(MALFORMED,
        "the " + part.name().toLowerCase(java.util.Locale.ROOT) + " " + (defect == Defect.PADDING ? PADDING : SPARE_BITS)));
    assertThat(harness.verify(canonical).isValid()).isTrue();
  }

  static Stream<Arguments> foreignCharacters() {
    // non-ASCII ones among them whose low byte is a letter of the alphabet ('A' + 0x80, 'A' + 0x100, fullwidth 'A')
    return Stream.of(Kind.values()).flatMap(kind -> Stream.of(Part.values()).flatMap(part ->
        Stream.of("\u00c1", "\u0141", "\uff21", "+", "/", "\u0000", "\u007f", " ").map(c -> Arguments.of(kind, part, c))));
  }

  /** The alphabet is checked by a table since gh-18: whatever lies outside it, ASCII or not, is refused. */
  @ParameterizedTest(name = "{0} {1} with U+{2}")
  @MethodSource("foreignCharacters")
  void verify_characterOutsideTheBase64UrlAlphabet_malformed(Kind kind, Part part, String foreign) {
    Harness harness = kind.trusting(clock, Fixtures.alice().publicKey());
    String[] parts = harness.token(Fixtures.alice()).sign().split("\\.", -1);
    int i = part.ordinal();
    parts[i] = parts[i].substring(0, 2) + foreign + parts[i].substring(3);

    assertThat(harness.verify(String.join(".", parts))).isEqualTo(new Invalid(MALFORMED,
        "the " + part.name().toLowerCase(java.util.Locale.ROOT) + " is not base64url: character 2 is not of the base64url alphabet"));
  }

  static Stream<Arguments> notUtf8() {
    List<String> sequences = List.of("80", "c0af", "e282", "eda080", "ff", "f4908080");
    return Stream.of(Kind.values()).flatMap(kind -> Stream.of("header", "payload").flatMap(part ->
        sequences.stream().map(hex -> Arguments.of(kind, part, hex))));
  }

  /** A lone continuation byte, an overlong '/', a cut sequence, an encoded surrogate, 0xFF, a code point over U+10FFFF. */
  @ParameterizedTest(name = "{0} {1} with bytes {2}")
  @MethodSource("notUtf8")
  void verify_bytesThatAreNotUtf8_malformed(Kind kind, String part, String hex) {
    Harness harness = kind.trusting(clock, Fixtures.alice().publicKey());
    TestTokens.Builder builder = harness.token(Fixtures.alice());
    String token = signedWithMember(builder, part, stringMember(HexFormat.of().parseHex(hex)));

    assertThat(harness.verify(token)).isEqualTo(new Invalid(MALFORMED, "the " + part + " is not valid UTF-8 (RFC 8259 §8.1)"));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void verify_wellFormedMultibyteUtf8_valid(Kind kind) {
    Harness harness = kind.trusting(clock, Fixtures.alice().publicKey());
    TestTokens.Builder builder = harness.token(Fixtures.alice()).claim("note", "é 中 😀").header("x", "ü");

    assertThat(harness.verify(builder.sign()).isValid()).isTrue();
  }

  static Stream<Arguments> loneSurrogates() {
    return Stream.of(Kind.values()).flatMap(kind -> Stream.of(
        Arguments.of(kind, "payload", "\"x\":\"\\ud800\""),
        Arguments.of(kind, "payload", "\"x\":[\"ok\",{\"y\":\"a\\udfffb\"}]"),
        Arguments.of(kind, "payload", "\"\\udc00\":1"),
        Arguments.of(kind, "payload", "\"x\":\"\\ude00\\ud83d\""),
        Arguments.of(kind, "header", "\"x\":\"\\ud800\"")));
  }

  /** Valid UTF-8 bytes, but a JSON escape that is half a character: the string is not Unicode text. */
  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("loneSurrogates")
  void verify_jsonEscapeOfALoneSurrogate_malformed(Kind kind, String part, String member) {
    Harness harness = kind.trusting(clock, Fixtures.alice().publicKey());
    TestTokens.Builder builder = harness.token(Fixtures.alice());
    String token = signedWithMember(builder, part, member.getBytes(StandardCharsets.US_ASCII));

    assertThat(harness.verify(token)).isEqualTo(new Invalid(MALFORMED, "the " + part + " has a string with an unpaired surrogate: not Unicode text"));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void verify_jsonEscapedSurrogatePair_valid(Kind kind) {
    Harness harness = kind.trusting(clock, Fixtures.alice().publicKey());
    TestTokens.Builder builder = harness.token(Fixtures.alice());
    byte[] member = "\"x\":\"\\ud83d\\ude00 and \\\\ud800 as text\"".getBytes(StandardCharsets.US_ASCII);
    String token = signedWithMember(builder, "payload", member);

    assertThat(harness.verify(token).isValid()).isTrue();
  }

  static Stream<Arguments> badCrit() {
    return Stream.of(Kind.values()).flatMap(kind -> Stream.of(
        Arguments.of(kind, List.of(), "is an empty array; RFC 7515 §4.1.11 allows only a non-empty one"),
        Arguments.of(kind, List.of(""), "must hold parameter names, each a non-empty string"),
        Arguments.of(kind, List.of(7), "must hold parameter names, each a non-empty string"),
        Arguments.of(kind, "exp", "must be an array of parameter names, not a string")));
  }

  /** RFC 7515 §4.1.11: crit, when present, is a non-empty array of names; Nimbus reads [] as absent. */
  @ParameterizedTest(name = "{0} crit={1}")
  @MethodSource("badCrit")
  void verify_critThatIsNoNonEmptyListOfNames_malformed(Kind kind, Object crit, String why) {
    Harness harness = kind.trusting(clock, Fixtures.alice().publicKey());
    String token = harness.token(Fixtures.alice()).header("crit", crit).sign();

    assertThat(harness.verify(token)).isEqualTo(new Invalid(MALFORMED, "invalid JWS header: parameter 'crit' " + why));
  }

  /**
   * RFC 7797: b64: false signs the payload unencoded, so a verifier that ignores b64 (as Nimbus'
   * JWSHeader does without crit) and one that honours it would check different bytes. §6 requires
   * b64 in crit; with it, HeaderKeyInjectionTest shows the token refused as critical and unknown.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void verify_unencodedPayloadHeader_malformedWhileB64TrueVerifies(Kind kind) {
    Harness harness = kind.trusting(clock, Fixtures.alice().publicKey());

    assertThat(harness.verify(harness.token(Fixtures.alice()).header("b64", false).sign())).isEqualTo(new Invalid(MALFORMED,
        "invalid JWS header: b64: false without 'b64' in crit (RFC 7797 §6)"));
    assertThat(harness.verify(harness.token(Fixtures.alice()).header("b64", true).sign()).isValid()).isTrue();
  }

  /** A header or payload of the builder, lengthened by a filler member until its base64url leaves a remainder of 2. */
  private static TestTokens.Builder lengthened(TestTokens.Builder builder, Part part) {
    for (int i = 0; i < 4; i++) {
      String encoded = part == Part.HEADER ? builder.encodedHeader() : builder.encodedPayload();
      if (encoded.length() % 4 == 2) {
        return builder;
      }
      if (part == Part.HEADER) {
        builder.header("pad", "x".repeat(i + 1));
      } else {
        builder.claim("pad", "x".repeat(i + 1));
      }
    }
    throw new IllegalStateException("no filler length gives a remainder of 2");
  }

  /** Another spelling of the same bytes: "==" padding, or the last character's four spare bits set. */
  private static String respell(String part, Defect defect) {
    assertThat(part.length() % 4).isEqualTo(2);
    if (defect == Defect.PADDING) {
      return part + "==";
    }
    char last = part.charAt(part.length() - 1);
    String respelt = part.substring(0, part.length() - 1) + ALPHABET.charAt(ALPHABET.indexOf(last) | 0x0F);
    assertThat(Base64.getUrlDecoder().decode(respelt)).isEqualTo(Base64.getUrlDecoder().decode(part)); // the JDK reads both alike
    return respelt;
  }

  /** A member "x" whose string value is {@code bytes} as they are, UTF-8 or not. */
  private static byte[] stringMember(byte[] bytes) {
    ByteArrayOutputStream member = new ByteArrayOutputStream();
    member.writeBytes("\"x\":\"".getBytes(StandardCharsets.US_ASCII));
    member.writeBytes(bytes);
    member.writeBytes("\"".getBytes(StandardCharsets.US_ASCII));
    return member.toByteArray();
  }

  /** The builder's token, validly signed, with {@code member} (raw JSON bytes) added to its header or payload. */
  private static String signedWithMember(TestTokens.Builder builder, String part, byte[] member) {
    return part.equals("header")
        ? builder.signEncoded(TestTokens.encode(withRawMember(builder.encodedHeader(), member)), builder.encodedPayload())
        : builder.signEncoded(builder.encodedHeader(), TestTokens.encode(withRawMember(builder.encodedPayload(), member)));
  }

  /** The JSON object of a part with {@code member} (raw JSON bytes) added before its closing brace. */
  private static byte[] withRawMember(String part, byte[] member) {
    byte[] json = Base64.getUrlDecoder().decode(part);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(json, 0, json.length - 1);
    out.writeBytes(",".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(member);
    out.writeBytes("}".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }
}
