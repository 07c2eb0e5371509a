package dev.signet.server.http;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import java.io.IOException;

/**
 * The server's one JSON mapper: strict on input (unknown fields, wrong types, duplicate keys,
 * deep nesting and huge numbers are refused, never coerced), ISO-8601 times on output.
 */
public final class Json {
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .propertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(32).maxNumberLength(32).maxStringLength(64 * 1024).build());
    MAPPER.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    MAPPER.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
  }

  private Json() {}

  /** The request body as {@code type}; malformed or mistyped JSON is a 400 saying what was wrong. */
  public static <T> T read(Context ctx, Class<T> type) {
    byte[] body = Bodies.bytes(ctx);
    if (body.length == 0) {
      throw ApiException.badRequest("a JSON body is required");
    }
    try {
      return MAPPER.readValue(body, type);
    } catch (IOException e) {
      throw ApiException.badRequest("invalid JSON body: " + shortMessage(e));
    }
  }

  /** The request body as a JSON tree, for routes that accept several shapes. */
  public static JsonNode readTree(Context ctx) {
    return read(ctx, JsonNode.class);
  }

  /** What was wrong, never quoting the input: a mistyped body may hold a code or a key in the wrong place. */
  private static String shortMessage(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) { // databind wraps it when building a JsonNode
      if (t instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
        return "nested too deeply, or a value is too long";
      }
    }
    if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
      return "unknown field '" + u.getPropertyName() + "'";
    }
    if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m) {
      return m.getPath().isEmpty() ? "expected a JSON object" : "field '" + path(m.getPath()) + "' has the wrong type";
    }
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null) {
      return "malformed JSON at line " + p.getLocation().getLineNr() + ", column " + p.getLocation().getColumnNr();
    }
    return "malformed JSON";
  }

  private static String path(java.util.List<com.fasterxml.jackson.databind.JsonMappingException.Reference> path) {
    StringBuilder out = new StringBuilder();
    for (var ref : path) {
      if (ref.getFieldName() != null) {
        out.append(out.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }
}
