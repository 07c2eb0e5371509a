package dev.signet.internal;

import dev.signet.KeyManagement;
import dev.signet.UnusableKeyException;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

/** Picks the key to encrypt to out of key text: the one key of PEM or a JWK, or one of a JWKS. */
public final class RecipientKeys {
  private RecipientKeys() {}

  public static KeyMaterial select(String text) {
    if (!JwkCodec.looksLikeJson(text) || text.length() > KeyText.MAX_TEXT_CHARS) {
      return single(KeyText.readPublic(text));
    }
    Map<String, Object> json;
    try {
      json = JsonCodec.parseObject(text);
    } catch (ParseException | RuntimeException e) {
      return single(KeyText.readPublic(text)); // its own message
    }
    if (!(json.get("keys") instanceof List<?> keys)) {
      return single(KeyText.readPublic(text));
    }
    if (keys.size() > KeyText.MAX_JWKS_KEYS) {
      throw new UnusableKeyException("JWKS has " + keys.size() + " keys; Signet reads at most " + KeyText.MAX_JWKS_KEYS);
    }
    Map<?, ?> chosen = null;
    for (Object key : keys) {
      if (key instanceof Map<?, ?> jwk && "enc".equals(jwk.get("use"))) {
        chosen = jwk;
      }
    }
    if (chosen == null) {
      for (Object key : keys) {
        if (key instanceof Map<?, ?> jwk && jwk.get("use") == null && jwk.get("alg") instanceof String alg
            && KeyManagement.fromJoseName(alg).isPresent()) {
          chosen = jwk;
        }
      }
    }
    if (chosen == null) {
      throw new UnusableKeyException("the JWKS holds no encryption key (\"use\": \"enc\", or an \"alg\" such as RSA-OAEP-256)");
    }
    @SuppressWarnings("unchecked")
    Map<String, ?> jwk = (Map<String, ?>) chosen;
    return single(KeyText.readPublic(JsonCodec.toJson(jwk)));
  }

  private static KeyMaterial single(List<KeyMaterial> keys) {
    if (keys.size() != 1) {
      throw new UnusableKeyException("expected one key, found " + keys.size());
    }
    return keys.getFirst();
  }
}
