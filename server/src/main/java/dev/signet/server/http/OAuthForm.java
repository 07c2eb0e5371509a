package dev.signet.server.http;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code application/x-www-form-urlencoded} body of an OAuth request, parsed by the OAuth
 * SDK, after bounds: at most {@link #MAX_BYTES} of strict UTF-8, at most {@link #MAX_PARAMETERS}
 * parameters, and none repeated but {@code resource} and {@code audience} (RFC 6749 §3.2). Anything
 * else is a 400 {@code invalid_request} with no detail.
 */
final class OAuthForm {
  static final int MAX_BYTES = 16 * 1024;
  static final int MAX_PARAMETERS = 32;
  private static final Set<String> REPEATABLE = Set.of("resource", "audience");

  private final Map<String, List<String>> parameters;

  private OAuthForm(Map<String, List<String>> parameters) {
    this.parameters = parameters;
  }

  static OAuthForm read(Context ctx) {
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      throw OAuthError.malformed("Content-Type is not application/x-www-form-urlencoded: " + type);
    }
    byte[] body = Bodies.bytes(ctx);
    if (body.length > MAX_BYTES) {
      throw OAuthError.malformed("form body is " + body.length + " bytes; the limit is " + MAX_BYTES);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw OAuthError.malformed("form body is not UTF-8");
    }
    if (!wellEscaped(text)) { // the SDK would drop such a parameter silently
      throw OAuthError.malformed("form body has a '%' that starts no escape");
    }
    Map<String, List<String>> parameters;
    try {
      parameters = URLUtils.parseParameters(text);
    } catch (RuntimeException e) { // a stray '%' and the like
      throw OAuthError.malformed("form body cannot be parsed: " + e.getMessage());
    }
    if (parameters.size() > MAX_PARAMETERS) {
      throw OAuthError.malformed("form has " + parameters.size() + " parameters; the limit is " + MAX_PARAMETERS);
    }
    for (Map.Entry<String, List<String>> p : parameters.entrySet()) {
      if (p.getValue().size() > (REPEATABLE.contains(p.getKey()) ? 10 : 1)) {
        throw OAuthError.malformed("form parameter repeated: " + p.getKey());
      }
      for (String value : p.getValue()) {
        if (value.indexOf('\0') >= 0) {
          throw OAuthError.malformed("form parameter " + p.getKey() + " holds a NUL");
        }
      }
    }
    return new OAuthForm(parameters);
  }

  private static boolean wellEscaped(String text) {
    for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
      if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0 || Character.digit(text.charAt(i + 2), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The parameters as the SDK's parsers take them. */
  Map<String, List<String>> parameters() {
    return parameters;
  }

  /** A parameter's one value, null when absent or empty (RFC 6749 §3.1: empty means omitted). */
  @Nullable String get(String name) {
    List<String> values = parameters.get(name);
    if (values == null || values.isEmpty() || values.getFirst().isEmpty()) {
      return null;
    }
    return values.getFirst();
  }

  List<String> all(String name) {
    return parameters.getOrDefault(name, List.of()).stream().filter(v -> !v.isEmpty()).toList();
  }
}
