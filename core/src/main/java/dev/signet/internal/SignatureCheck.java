package dev.signet.internal;

import dev.signet.Rejection;
import dev.signet.VerificationKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds the key that verifies a token among a trusted set and checks the signature. The keys are
 * chosen by the header's {@code kid} when there is one; without a kid every key that accepts the
 * algorithm is tried. Either way at most {@link #MAX_KEYS_WITHOUT_KID} keys are tried, so that
 * no token can make the verifier spend unbounded CPU. Keys offered inside the token ({@code jwk},
 * {@code jku}, {@code x5u}, {@code x5c}) are never looked at.
 */
public final class SignatureCheck {
  public static final int MAX_KEYS_WITHOUT_KID = 16;

  private SignatureCheck() {}

  /** The key that verified the signature; otherwise a {@link Reject}. */
  public static VerificationKey verify(
      ParsedJws jws, List<VerificationKey> keys, Set<dev.signet.Algorithm> allowed, String owner, Signatures signatures, Trace trace) {
    if (!allowed.contains(jws.algorithm())) {
      throw new Reject(Rejection.UNSUPPORTED_ALGORITHM, "alg " + jws.algorithm() + " is not allowed here; allowed: " + allowed);
    }
    String kid = jws.header().getKeyID();
    if (kid != null) {
      return verifyByKid(jws, keys, kid, owner, signatures, trace);
    }
    List<VerificationKey> candidates = keys.stream().filter(k -> k.accepts(jws.algorithm())).limit(MAX_KEYS_WITHOUT_KID).toList();
    if (candidates.isEmpty()) {
      throw new Reject(Rejection.UNKNOWN_KEY,
          "token has no kid and none of the " + keys.size() + " keys of " + owner + " accepts alg " + jws.algorithm());
    }
    for (VerificationKey key : candidates) {
      if (signatures.verify(jws, key)) {
        trace.pass("key", () -> "no kid; tried keys of " + owner + " accepting " + jws.algorithm() + ", key '" + key.kid() + "' verifies");
        trace.pass("signature", () -> jws.algorithm() + " signature verifies with key '" + key.kid() + "'");
        return key;
      }
    }
    throw new Reject(Rejection.BAD_SIGNATURE,
        jws.algorithm() + " signature (no kid) verifies with none of the " + candidates.size() + " keys of " + owner + " that accept it");
  }

  /**
   * Every key the kid names that fits the algorithm is tried, at most {@link #MAX_KEYS_WITHOUT_KID}:
   * an issuer may (wrongly) publish several keys under one kid, and the first need not be the signer.
   */
  private static VerificationKey verifyByKid(
      ParsedJws jws, List<VerificationKey> keys, String kid, String owner, Signatures signatures, Trace trace) {
    // loops, not streams: this runs on every request, almost always over one key
    VerificationKey firstNamed = null;
    List<VerificationKey> fitting = new ArrayList<>(1);
    for (VerificationKey k : keys) {
      if (k.isNamedBy(kid)) {
        if (firstNamed == null) {
          firstNamed = k;
        }
        if (k.accepts(jws.algorithm()) && fitting.size() < MAX_KEYS_WITHOUT_KID) {
          fitting.add(k);
        }
      }
    }
    if (firstNamed == null) {
      throw new Reject(Rejection.UNKNOWN_KEY, "no key with kid '" + ParsedJws.printable(kid) + "' for " + owner + "; known kids: "
          + keys.stream().map(VerificationKey::kid).limit(10).map(ParsedJws::printable).toList());
    }
    String shown = ParsedJws.printable(kid);
    if (fitting.isEmpty()) {
      VerificationKey key = firstNamed;
      throw new Reject(Rejection.UNSUPPORTED_ALGORITHM,
          "alg " + jws.algorithm() + " does not fit key '" + shown + "' (" + key.description() + "; accepts " + key.algorithms() + ")");
    }
    for (VerificationKey key : fitting) {
      if (signatures.verify(jws, key)) {
        trace.pass("key", () -> "kid '" + shown + "' of " + owner + " (" + key.description() + ")");
        trace.pass("signature", () -> jws.algorithm() + " signature verifies with key '" + shown + "'");
        return key;
      }
    }
    if (fitting.size() == 1) {
      throw new Reject(Rejection.BAD_SIGNATURE, jws.algorithm() + " signature does not verify with key '" + shown + "' of " + owner);
    }
    throw new Reject(Rejection.BAD_SIGNATURE,
        jws.algorithm() + " signature verifies with none of the " + fitting.size() + " keys with kid '" + shown + "' of " + owner);
  }
}
