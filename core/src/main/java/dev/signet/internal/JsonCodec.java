package dev.signet.internal;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.Map;

/** JSON objects through Nimbus' own JSON support, so core carries no second JSON library. */
public final class JsonCodec {
  /** Larger JSON than this is refused before parsing (JWKS documents, tokens' parts). */
  public static final int MAX_JSON_CHARS = 512 * 1024;

  private JsonCodec() {}

  /**
   * A JSON object and nothing else. Nimbus' Gson reads {@code null} as a null map and an array of
   * pairs ({@code [["alg","none"]]}) as a map, and skips a byte-order mark; none of those is an
   * object, so the first significant character must be <code>{</code>.
   *
   * @throws ParseException if the text is not exactly one JSON object
   */
  public static Map<String, Object> parseObject(String json) throws ParseException {
    int start = 0;
    while (start < json.length() && isJsonWhitespace(json.charAt(start))) {
      start++;
    }
    if (start == json.length() || json.charAt(start) != '{') {
      throw new ParseException("not a JSON object", start);
    }
    return JSONObjectUtils.parse(json, MAX_JSON_CHARS);
  }

  private static boolean isJsonWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r'; // RFC 8259 §2
  }

  public static String toJson(Map<String, ?> object) {
    return JSONObjectUtils.toJSONString(object);
  }
}
