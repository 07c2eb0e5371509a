package dev.signet.server.keys;

import dev.signet.Algorithm;
import dev.signet.DecryptionKey;
import dev.signet.KeyManagement;
import dev.signet.SigningKey;
import dev.signet.UnusableKeyException;
import dev.signet.VerificationKey;

/**
 * What differs between the server's keys of one {@link KeyUse}: how a key is made, read back from
 * its sealed PKCS#8 and described. {@link KeyRotation} and {@link KeySnapshots} do the rest alike
 * for both uses.
 *
 * @param <K> the private key type: {@link SigningKey} or {@link DecryptionKey}
 */
sealed interface KeyKind<K> permits KeyKind.Signing, KeyKind.Encryption {
  KeyUse use();

  /** A new key for {@code alg} (a JOSE name), its kid the RFC 7638 thumbprint. */
  K generate(String alg, int rsaBits);

  /** The opened private key of a row, pinned to the row's algorithm. */
  K read(String pkcs8, String alg);

  String kid(K key);

  String alg(K key);

  String pem(K key);

  /** The public half as a {@link VerificationKey} (a carrier of the public key, its PEM and JWK; enc keys pin no JWS alg). */
  VerificationKey publicKey(K key);

  /** The stored public key, pinned to the row's algorithm where that means something. */
  VerificationKey pin(VerificationKey key, String alg);

  /** Checks a user-given algorithm name for this use; its JOSE spelling. */
  String checkAlg(String alg);

  /** Signing keys: JWS algorithms. */
  record Signing() implements KeyKind<SigningKey> {
    @Override
    public KeyUse use() {
      return KeyUse.SIG;
    }

    @Override
    public SigningKey generate(String alg, int rsaBits) {
      Algorithm algorithm = Algorithm.parse(alg);
      SigningKey key = switch (algorithm.keyType()) {
        case RSA -> SigningKey.generateRsa(rsaBits).withAlgorithm(algorithm);
        case EC, OKP -> SigningKey.generate(algorithm);
      };
      return key.withKid(key.publicKey().thumbprint());
    }

    @Override
    public SigningKey read(String pkcs8, String alg) {
      return SigningKey.parse(pkcs8).withAlgorithm(Algorithm.parse(alg));
    }

    @Override
    public String kid(SigningKey key) {
      return key.kid();
    }

    @Override
    public String alg(SigningKey key) {
      return key.algorithm().name();
    }

    @Override
    public String pem(SigningKey key) {
      return key.toPem();
    }

    @Override
    public VerificationKey publicKey(SigningKey key) {
      return key.publicKey();
    }

    @Override
    public VerificationKey pin(VerificationKey key, String alg) {
      return key.withAlgorithm(Algorithm.parse(alg));
    }

    @Override
    public String checkAlg(String alg) {
      return Algorithm.parse(alg).name();
    }
  }

  /** Encryption keys: JWE key-management algorithms. */
  record Encryption() implements KeyKind<DecryptionKey> {
    @Override
    public KeyUse use() {
      return KeyUse.ENC;
    }

    @Override
    public DecryptionKey generate(String alg, int rsaBits) {
      KeyManagement algorithm = management(alg);
      DecryptionKey key = algorithm.keyType() == dev.signet.KeyType.RSA
          ? DecryptionKey.generateRsa(rsaBits).withAlgorithm(algorithm) : DecryptionKey.generate(algorithm);
      return key.withKid(VerificationKey.of(key.encryptionKey().key()).thumbprint());
    }

    @Override
    public DecryptionKey read(String pkcs8, String alg) {
      return DecryptionKey.parse(pkcs8).withAlgorithm(management(alg));
    }

    @Override
    public String kid(DecryptionKey key) {
      return key.kid();
    }

    @Override
    public String alg(DecryptionKey key) {
      return key.algorithm().joseName();
    }

    @Override
    public String pem(DecryptionKey key) {
      return key.toPem();
    }

    @Override
    public VerificationKey publicKey(DecryptionKey key) {
      return VerificationKey.of(key.encryptionKey().key()).withKid(key.kid());
    }

    @Override
    public VerificationKey pin(VerificationKey key, String alg) {
      return key;
    }

    @Override
    public String checkAlg(String alg) {
      return management(alg).joseName();
    }

    private static KeyManagement management(String alg) {
      for (KeyManagement k : KeyManagement.values()) {
        if (k.joseName().equalsIgnoreCase(alg.trim())) {
          return k;
        }
      }
      throw new UnusableKeyException("unknown key-management algorithm '" + alg + "' (expected one of "
          + java.util.Arrays.toString(KeyManagement.values()) + ")");
    }
  }
}
