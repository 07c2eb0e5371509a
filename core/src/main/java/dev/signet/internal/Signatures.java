package dev.signet.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.VerificationKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Signature creation through Nimbus' JWS signers (RSA, ECDSA) and the JCA directly for EdDSA, so
 * that a fast provider speeds it up too. Checks of RS*, ES* and EdDSA use {@link PooledJcaVerifier}:
 * the same JCA {@code Signature} and the same ECDSA checks Nimbus' verifiers use, with the
 * {@code Signature} kept initialised with the key between checks; PS* go through Nimbus'
 * {@code RSASSAVerifier}, which sets the PSS parameters. A caller-chosen JCA provider is used for each
 * algorithm it implements; the JDK's providers serve the rest.
 *
 * <p>Verifiers are made once per key and algorithm and kept (at most {@link #CACHED_VERIFIERS},
 * by the key's thumbprint): Nimbus verifiers are thread-safe, and building one per check cost an
 * EC point-on-curve test each time. With a chosen provider the key is first translated into that
 * provider's own key type; otherwise a native provider such as ACCP converts the JDK key at every
 * {@code initVerify} (for RSA that conversion cost several times the verification itself).
 */
public final class Signatures {
  static final int CACHED_VERIFIERS = 4096;

  private final Map<Algorithm, @Nullable Provider> providers;
  private final Cache<CacheKey, JWSVerifier> verifiers =
      Caffeine.newBuilder().maximumSize(CACHED_VERIFIERS).executor(Runnable::run).build();

  private Signatures(Map<Algorithm, @Nullable Provider> providers) {
    this.providers = providers;
  }

  /** Signatures through {@code provider} where it implements the algorithm, the JDK's otherwise. */
  public static Signatures using(@Nullable Provider provider) {
    Map<Algorithm, @Nullable Provider> providers = new EnumMap<>(Algorithm.class);
    for (Algorithm a : Algorithm.values()) {
      providers.put(a, provider != null && provider.getService("Signature", jcaName(a)) != null ? provider : null);
    }
    return new Signatures(providers);
  }

  /** Whether {@code jws}'s signature verifies with {@code key} (the caller checked that the key accepts the algorithm). */
  public boolean verify(ParsedJws jws, VerificationKey key) {
    try {
      return verifier(key, jws.algorithm()).verify(jws.header(), jws.signingInput(), jws.signature());
    } catch (JOSEException e) {
      return false; // a signature of the wrong shape (length, encoding) is simply not valid
    }
  }

  private JWSVerifier verifier(VerificationKey key, Algorithm algorithm) throws JOSEException {
    CacheKey id = new CacheKey(algorithm, key.thumbprint()); // the thumbprint names the key material
    JWSVerifier cached = verifiers.getIfPresent(id);
    if (cached != null) {
      return cached;
    }
    JWSVerifier created = newVerifier(key, algorithm);
    verifiers.put(id, created);
    return created;
  }

  private JWSVerifier newVerifier(VerificationKey key, Algorithm algorithm) throws JOSEException {
    Provider provider = providers.get(algorithm);
    PublicKey jcaKey = provider == null ? key.key() : translated(key.key(), provider);
    JWSAlgorithm jws = jwsAlgorithm(algorithm);
    JWSVerifier verifier = switch (algorithm) {
      case RS256, RS384, RS512 -> new PooledJcaVerifier(jws, jcaName(algorithm), jcaKey, provider,
          PooledJcaVerifier.Encoding.exactLength((((RSAPublicKey) key.key()).getModulus().bitLength() + 7) / 8));
      case ES256, ES384, ES512 -> new PooledJcaVerifier(jws, jcaName(algorithm), jcaKey, provider, PooledJcaVerifier.Encoding.ecdsa(jws));
      case EdDSA, Ed25519 -> new PooledJcaVerifier(JWSAlgorithm.EdDSA, jcaName(algorithm), jcaKey, provider, PooledJcaVerifier.Encoding.exactLength(64));
      case PS256, PS384, PS512 -> new RSASSAVerifier((RSAPublicKey) jcaKey); // PSS parameters: Nimbus sets them
    };
    if (provider != null) {
      verifier.getJCAContext().setProvider(provider);
    }
    return verifier;
  }

  private record CacheKey(Algorithm algorithm, String thumbprint) {}

  /** {@code key} as {@code provider}'s own key object, or {@code key} itself when it cannot be had. */
  private static PublicKey translated(PublicKey key, Provider provider) {
    if (!(key instanceof RSAPublicKey || key instanceof ECPublicKey)) {
      return key; // Ed25519: ACCP, for one, has no key factory for it and converts the key at initVerify
    }
    try {
      PublicKey own = (PublicKey) KeyFactory.getInstance(key.getAlgorithm(), provider).translateKey(key);
      boolean sameKind = key instanceof RSAPublicKey ? own instanceof RSAPublicKey : own instanceof ECPublicKey;
      return sameKind ? own : key;
    } catch (GeneralSecurityException | RuntimeException e) {
      return key; // the provider converts it at each initVerify instead, as without this step
    }
  }

  private static PrivateKey translated(PrivateKey key, Provider provider) {
    if (!(key instanceof RSAPrivateKey || key instanceof ECPrivateKey)) {
      return key; // Ed25519: as for public keys
    }
    try {
      PrivateKey own = (PrivateKey) KeyFactory.getInstance(key.getAlgorithm(), provider).translateKey(key);
      boolean sameKind = key instanceof RSAPrivateKey ? own instanceof RSAPrivateKey : own instanceof ECPrivateKey;
      return sameKind ? own : key;
    } catch (GeneralSecurityException | RuntimeException e) {
      return key; // the provider converts it at each initSign instead, as without this step
    }
  }

  /**
   * A Nimbus signer for {@code key} and its algorithm. With a chosen provider an RSA or EC private
   * key is first translated into that provider's own key type, as public keys are for verifiers:
   * otherwise ACCP converts (and, for RSA, checks) the JDK key at every {@code initSign}, which
   * made an RS256 signature cost ten times its due.
   */
  public JWSSigner signer(SigningKey key) {
    Provider provider = providers.get(key.algorithm());
    PrivateKey privateKey = provider == null ? key.privateKey() : translated(key.privateKey(), provider);
    try {
      JWSSigner signer = switch (key.type()) {
        case RSA -> new RSASSASigner(privateKey);
        case EC -> new ECDSASigner(privateKey, Curve.forJWSAlgorithm(jwsAlgorithm(key.algorithm())).iterator().next());
        case OKP -> new JcaEdDsa.Signer(key.privateKey());
      };
      if (provider != null) {
        signer.getJCAContext().setProvider(provider);
      }
      return signer;
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign with " + key, e);
    }
  }

  public static JWSAlgorithm jwsAlgorithm(Algorithm algorithm) {
    return JWSAlgorithm.parse(algorithm.name());
  }

  /** The JCA Signature name behind an algorithm. */
  public static String jcaName(Algorithm algorithm) {
    return switch (algorithm) {
      case RS256 -> "SHA256withRSA";
      case RS384 -> "SHA384withRSA";
      case RS512 -> "SHA512withRSA";
      case PS256, PS384, PS512 -> "RSASSA-PSS";
      case ES256 -> "SHA256withECDSA";
      case ES384 -> "SHA384withECDSA";
      case ES512 -> "SHA512withECDSA";
      case EdDSA, Ed25519 -> "Ed25519";
    };
  }
}
