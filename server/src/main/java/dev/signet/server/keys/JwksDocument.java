package dev.signet.server.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server's published keys as a JWKS (RFC 7517): per key {@code kty}, {@code use},
 * {@code alg}, {@code kid}, the key's members, and {@code publicKey}, the base64url of its PEM
 * SPKI (SPEC §4). The bytes depend on the keys alone (members in a fixed order, keys in
 * activation order), so that every instance serves the same document under the same strong
 * {@link #etag()}.
 *
 * @param json the document
 * @param etag a strong entity tag of {@code json} ({@code "…"}, RFC 9110 §8.8.3)
 * @param keys the keys it holds
 */
public record JwksDocument(String json, String etag, List<ServerKey> keys) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FIRST = List.of("kty", "use", "alg", "kid");

  public JwksDocument {
    keys = List.copyOf(keys);
  }

  static JwksDocument of(List<ServerKey> keys) {
    List<Map<String, Object>> jwks = new ArrayList<>(keys.size());
    for (ServerKey key : keys) {
      jwks.add(jwk(key));
    }
    String json = write(Map.of("keys", jwks));
    return new JwksDocument(json, etag(json), keys);
  }

  /** One document of the keys of several documents, in their order (signing keys, then encryption keys). */
  public static JwksDocument merged(List<JwksDocument> documents) {
    List<ServerKey> keys = new ArrayList<>();
    documents.forEach(d -> keys.addAll(d.keys()));
    return of(keys);
  }

  /** One key as a JWK, members as in the set. */
  public static String jwkOf(ServerKey key) {
    return write(jwk(key));
  }

  /** A strong entity tag for {@code content}: its SHA-256, base64url, quoted. */
  public static String etag(String content) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static Map<String, Object> jwk(ServerKey key) {
    Map<String, Object> members = new TreeMap<>(read(key.publicKey().toJwk()));
    members.put("use", key.use().code());
    members.put("alg", key.alg());
    members.put("kid", key.kid());
    Map<String, Object> ordered = new LinkedHashMap<>();
    for (String name : FIRST) {
      ordered.put(name, members.remove(name));
    }
    ordered.putAll(members);
    ordered.put("publicKey", Base64.getUrlEncoder().withoutPadding()
        .encodeToString(key.publicKey().toPem().getBytes(StandardCharsets.US_ASCII)));
    return ordered;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> read(String json) {
    try {
      return JSON.readValue(json, Map.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a public JWK that is not JSON", e);
    }
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JWKS", e);
    }
  }
}
