package dev.signet.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.impl.BaseJWSProvider;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.util.Set;

/**
 * EdDSA over Ed25519 through the JCA's {@code Ed25519} signature, as a Nimbus JWS signer (checks
 * go through {@link PooledJcaVerifier}). Nimbus' own Ed25519 classes use Tink's pure-Java code,
 * which no JCA provider can speed up; this lets a native provider (ACCP) do it, and the JDK's
 * SunEC otherwise.
 */
final class JcaEdDsa {
  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

  private JcaEdDsa() {}

  private static Signature signature(Provider provider) throws GeneralSecurityException {
    return provider == null ? Signature.getInstance("Ed25519") : Signature.getInstance("Ed25519", provider);
  }

  static final class Signer extends BaseJWSProvider implements JWSSigner {
    private final PrivateKey key;

    Signer(PrivateKey key) {
      super(ALGORITHMS);
      this.key = key;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
      try {
        Signature signer = signature(getJCAContext().getProvider());
        signer.initSign(key);
        signer.update(signingInput);
        return Base64URL.encode(signer.sign());
      } catch (GeneralSecurityException e) {
        throw new JOSEException("Ed25519 signing failed: " + e.getMessage(), e);
      }
    }
  }
}
