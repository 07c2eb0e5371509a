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
  /**
   * The longest key text taken: an 8192-bit RSA key (the largest accepted) is under 1,600
   * characters as PEM, JWK or OpenSSH line. Longer text is refused before any parser sees it.
   */
  static final int MAX_PUBLIC_KEY = 4096;

  /** For {@code POST /enroll}: the code and the key. */
  record WithCode(String code, JsonNode publicKey) {}

  /**
   * The key text, checked for shape and size only (cheap): a string or an object of at most
   * {@value #MAX_PUBLIC_KEY} characters. Call it before anything else is done with the input.
   */
  static String text(@Nullable JsonNode publicKey) {
    if (publicKey == null || publicKey.isNull() || publicKey.isMissingNode()) {
      throw ApiException.badRequest("field 'public_key' is required: a PEM string or a JWK object");
    }
    String text;
    if (publicKey.isTextual()) {
      text = publicKey.textValue();
    } else if (publicKey.isObject()) {
      text = publicKey.toString();
    } else {
      throw ApiException.badRequest("field 'public_key' must be a PEM string or a JWK object");
    }
    if (text.length() > MAX_PUBLIC_KEY) {
      throw ApiException.badRequest("field 'public_key' is " + text.length() + " characters; a public key is at most " + MAX_PUBLIC_KEY);
    }
    return text;
  }

  /** The key, parsed after {@link #text} checked its size. */
  static VerificationKey parse(@Nullable JsonNode publicKey) {
    return VerificationKey.parse(text(publicKey));
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
