package dev.signet.internal;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.Map;

/** JSON objects through Nimbus' own JSON support, so core carries no second JSON library. */
public final class JsonCodec {
  /** Larger JSON than this is refused before parsing (JWKS documents, tokens' parts). */
  public static final int MAX_JSON_CHARS = 512 * 1024;

  private JsonCodec() {}

  public static Map<String, Object> parseObject(String json) throws ParseException {
    return JSONObjectUtils.parse(json, MAX_JSON_CHARS);
  }

  public static String toJson(Map<String, ?> object) {
    return JSONObjectUtils.toJSONString(object);
  }
}
