package dev.signet.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.VerificationKey;
import dev.signet.server.registry.KeyRegistration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A key as clients post it: {@code {"public_key": <PEM or OpenSSH string, or JWK object>}} with
 * optional {@code kid}, {@code alg}, {@code label}, {@code not_before} and {@code not_after}.
 * Only public keys are accepted; a private key is refused without being stored or logged.
 */
record KeyInput(JsonNode publicKey, @Nullable String kid, @Nullable String alg, @Nullable String label,
    @Nullable Instant notBefore, @Nullable Instant notAfter) {
  private static final int MAX_LABEL = 256;

  /** For {@code POST /enroll}: the code and the key. */
  record WithCode(String code, JsonNode publicKey) {}

  static VerificationKey parse(@Nullable JsonNode publicKey) {
    if (publicKey == null || publicKey.isNull() || publicKey.isMissingNode()) {
      throw ApiException.badRequest("field 'public_key' is required: a PEM string or a JWK object");
    }
    if (publicKey.isTextual()) {
      return VerificationKey.parse(publicKey.textValue());
    }
    if (publicKey.isObject()) {
      return VerificationKey.parse(publicKey.toString());
    }
    throw ApiException.badRequest("field 'public_key' must be a PEM string or a JWK object");
  }

  KeyRegistration registration() {
    VerificationKey key = parse(publicKey);
    if (kid != null) {
      key = key.withKid(kid);
    }
    if (alg != null) {
      key = key.withAlgorithm(algorithm(alg));
    }
    if (label != null) {
      // core turns control characters into spaces, and would cut a long label without a word
      if (label.length() > MAX_LABEL) {
        throw ApiException.badRequest("field 'label' must be at most " + MAX_LABEL + " characters, not " + label.length());
      }
      key = key.withLabel(label);
    }
    return KeyRegistration.of(key).withValidity(notBefore, notAfter);
  }

  private static Algorithm algorithm(String name) {
    return Algorithm.fromJoseName(name).orElseThrow(() -> ApiException.badRequest(
        "field 'alg' must be one of " + java.util.Arrays.toString(Algorithm.values())));
  }
}
