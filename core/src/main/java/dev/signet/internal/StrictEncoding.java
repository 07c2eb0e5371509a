package dev.signet.internal;

import dev.signet.Rejection;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * One token, one encoding: the decoding rules of a compact JWS, stricter than the JDK's and
 * Nimbus' decoders, so that no two spellings of a token verify alike.
 *
 * <ul>
 *   <li>base64url (RFC 7515 §2, RFC 4648 §5) without padding and with zero spare bits in the last
 *       character (RFC 4648 §3.5): the JDK's decoder accepts {@code QQ==} and {@code QR} for
 *       {@code QQ}'s one byte;
 *   <li>UTF-8 (RFC 7515 §5.2, RFC 8259 §8.1) that is well formed: no byte left out or replaced,
 *       as {@code new String(bytes, UTF_8)} would;
 *   <li>JSON strings that are Unicode: no surrogate without its pair, which UTF-8 cannot carry but
 *       an &#92;uD800 escape can.
 * </ul>
 *
 * Each refusal is a {@link Reject} with {@link Rejection#MALFORMED} naming the part, never its text.
 */
final class StrictEncoding {
  private StrictEncoding() {}

  /** The bytes of one base64url part, refused unless it is the one canonical spelling of them. */
  static byte[] base64Url(String part, String what) {
    int length = part.length();
    for (int i = 0; i < length; i++) {
      char c = part.charAt(i);
      if (!Base64UrlAlphabet.contains(c)) {
        throw new Reject(Rejection.MALFORMED, "the " + what + " is not base64url: "
            + (c == '=' ? "'=' padding is not allowed (RFC 7515 §2)" : "character " + i + " is not of the base64url alphabet"));
      }
    }
    if (length % 4 == 1) {
      throw new Reject(Rejection.MALFORMED, "the " + what + " is not base64url: " + length + " characters cannot be a whole number of bytes");
    }
    if (length > 0 && spareBits(part.charAt(length - 1), length % 4) != 0) {
      throw new Reject(Rejection.MALFORMED,
          "the " + what + " is not base64url: its last character has non-zero spare bits (RFC 4648 §3.5)");
    }
    return Base64.getUrlDecoder().decode(part);
  }

  /** The bits of the last character that encode no byte: 4 of them after 2 characters, 2 after 3. */
  private static int spareBits(char last, int remainder) {
    int value = last >= 'A' && last <= 'Z' ? last - 'A'
        : last >= 'a' && last <= 'z' ? last - 'a' + 26
        : last >= '0' && last <= '9' ? last - '0' + 52
        : last == '-' ? 62 : 63;
    return switch (remainder) {
      case 2 -> value & 0x0F;
      case 3 -> value & 0x03;
      default -> 0;
    };
  }

  /** The text of UTF-8 bytes, refused if any byte sequence is not well-formed UTF-8. */
  static String utf8(byte[] bytes, String what) {
    if (isAscii(bytes)) {
      return new String(bytes, StandardCharsets.US_ASCII); // what almost every token is
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new Reject(Rejection.MALFORMED, "the " + what + " is not valid UTF-8 (RFC 8259 §8.1)");
    }
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Refuses a parsed JSON value holding a string (member name or value) with a surrogate that has
   * no pair. Such strings come only from &#92;u escapes, so JSON text without any
   * backslash-u is not walked. The walk is iterative: nesting depth costs heap, not stack.
   */
  static void checkStrings(String json, Object parsed, String what) {
    if (!json.contains("\\u")) {
      return;
    }
    Deque<Object> pending = new ArrayDeque<>();
    pending.push(parsed);
    while (!pending.isEmpty()) {
      switch (pending.pop()) {
        case String s -> requireWellFormed(s, what);
        case Map<?, ?> map -> map.forEach((name, value) -> {
          requireWellFormed(String.valueOf(name), what);
          if (value != null) {
            pending.push(value);
          }
        });
        case List<?> list -> list.forEach(value -> {
          if (value != null) {
            pending.push(value);
          }
        });
        default -> {} // numbers and booleans
      }
    }
  }

  private static void requireWellFormed(String s, String what) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new Reject(Rejection.MALFORMED, "the " + what + " has a string with an unpaired surrogate: not Unicode text");
      }
    }
  }
}
