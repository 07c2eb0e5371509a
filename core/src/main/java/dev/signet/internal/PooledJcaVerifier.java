package dev.signet.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.impl.BaseJWSProvider;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A Nimbus JWS verifier for one key and one algorithm whose signature is a plain JCA
 * {@code Signature} over the signing input (RSASSA-PKCS1-v1_5, ECDSA and Ed25519: no parameters),
 * keeping {@code Signature} objects already initialised with the key. How the JWS signature
 * becomes the JCA one is an {@link Encoding}: as it is, of one exact length (RSA, EdDSA), or for
 * ECDSA through Nimbus' own checks and transcoding ({@code r} and {@code s} in range, JOSE
 * {@code r||s} to DER), the same steps as Nimbus' {@code ECDSAVerifier}.
 *
 * <p>A JCA {@code Signature} returns to its just-initialised state after each {@code verify}, so
 * one that finished a check is ready for the next with the same key: this skips the provider
 * lookup of {@code Signature.getInstance} and the key set-up of {@code initVerify} that a fresh
 * object costs on every check (for a native provider such as ACCP, a good part of the cost of an
 * RSA verify). Each check borrows an object from a bounded lock-free queue and returns it, so no
 * two threads share one; an object that threw is dropped, never returned.
 */
final class PooledJcaVerifier extends BaseJWSProvider implements JWSVerifier {
  /** At most this many idle initialised objects per key: enough for the threads that verify at once. */
  static final int MAX_IDLE = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

  private final String jcaName;
  private final PublicKey key;
  private final @Nullable Provider provider;
  private final Encoding encoding;
  private final Queue<Signature> idle = new ConcurrentLinkedQueue<>();
  private final AtomicInteger idleCount = new AtomicInteger();

  /** How a JWS signature becomes the bytes the JCA verifies; null refuses it before the JCA sees it. */
  @FunctionalInterface
  interface Encoding {
    byte @Nullable [] toJca(byte[] jws);

    /** The signature as it is, if it has exactly {@code length} bytes (RSA: the modulus length; Ed25519: 64). */
    static Encoding exactLength(int length) {
      return jws -> jws.length == length ? jws : null;
    }

    /** JOSE {@code r||s} to DER after Nimbus' checks of length and range (CVE-2022-21449). */
    static Encoding ecdsa(JWSAlgorithm algorithm) {
      return jws -> {
        try {
          ECDSA.ensureLegalSignature(jws, algorithm);
          return ECDSA.transcodeSignatureToDER(jws);
        } catch (JOSEException e) {
          return null;
        }
      };
    }
  }

  PooledJcaVerifier(JWSAlgorithm algorithm, String jcaName, PublicKey key, @Nullable Provider provider, Encoding encoding) {
    super(algorithm.equals(JWSAlgorithm.EdDSA) ? Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519) : Set.of(algorithm));
    this.jcaName = jcaName;
    this.key = key;
    this.provider = provider;
    this.encoding = encoding;
    if (provider != null) {
      getJCAContext().setProvider(provider);
    }
  }

  @Override
  public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
    if (!supportedJWSAlgorithms().contains(header.getAlgorithm())) {
      return false;
    }
    byte[] bytes = encoding.toJca(signature.decode());
    if (bytes == null) {
      return false;
    }
    Signature verifier = idle.poll();
    if (verifier != null) {
      idleCount.decrementAndGet();
    }
    boolean result;
    try {
      if (verifier == null) {
        verifier = provider == null ? Signature.getInstance(jcaName) : Signature.getInstance(jcaName, provider);
        verifier.initVerify(key);
      }
      verifier.update(signingInput);
      result = verifier.verify(bytes);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false; // the object that threw is not reused
    }
    if (idleCount.incrementAndGet() <= MAX_IDLE) {
      idle.offer(verifier);
    } else {
      idleCount.decrementAndGet();
    }
    return result;
  }
}
