package dev.signet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.misc.MiscObjectIdentifiers;
import org.bouncycastle.asn1.misc.ScryptParams;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.jspecify.annotations.Nullable;

/**
 * An encrypted PKCS#8 key chooses how hard its passphrase is to stretch; the reader refuses to
 * work harder than a legitimate key ever asks, before stretching anything (gh-12). Without the
 * bound the first case costs 100 million PBKDF2 rounds (minutes of CPU);
 * {@link HostileKeyTextTest#GUARD} only stops such a run from hanging the build.
 */
class EncryptedKeyCostTest {
  private static final byte[] SALT = new byte[16];
  private static final char[] PASSPHRASE = "correct horse".toCharArray();

  static Stream<Arguments> costlySchemes() {
    return Stream.of(
        Arguments.of(Named.of("PBKDF2, 100,000,000 iterations", pbkdf2(100_000_000, null)),
            "the key's encryption asks for 100000000 iterations; Signet does at most 2000000"),
        Arguments.of(Named.of("PBKDF2, 2^62 iterations", pbkdf2(Long.MAX_VALUE / 2 + 1, null)),
            "the key's encryption asks for 4611686018427387904 iterations; Signet does at most 2000000"),
        Arguments.of(Named.of("PBKDF2, a 1 GB derived key", pbkdf2(1000, 1 << 30)),
            "the key's encryption asks for a 1073741824-byte key; at most 64"),
        Arguments.of(Named.of("PKCS#12 3DES, 100,000,000 iterations", pkcs12(100_000_000)),
            "the key's encryption asks for 100000000 iterations; Signet does at most 2000000"));
  }

  @ParameterizedTest
  @MethodSource("costlySchemes")
  void signingKeyParse_encryptionAskingForTooMuchWork_refusedBeforeStretching(String pem, String message) {
    Throwable thrown = assertTimeoutPreemptively(HostileKeyTextTest.GUARD, () -> catchThrowable(() -> SigningKey.parse(pem, PASSPHRASE)));

    assertThat(thrown).isExactlyInstanceOf(UnusableKeyException.class).hasMessage(message);
  }

  /** BouncyCastle's PKCS#8 decryptor reads PBKDF2 only; a scrypt key gets a message that says so, not "wrong passphrase". */
  @Test
  void signingKeyParse_scryptKey_refusedNamingScrypt() {
    Throwable thrown = catchThrowable(() -> SigningKey.parse(scrypt(16384, 8, 1), PASSPHRASE));

    assertThat(thrown).isExactlyInstanceOf(UnusableKeyException.class).hasMessage(
        "the key is encrypted with scrypt, which Signet cannot read; re-encrypt it with PBKDF2 (openssl pkcs8 -topk8 -v2 aes-256-cbc)");
  }

  private static String pbkdf2(long iterations, @Nullable Integer keyLength) {
    PBKDF2Params kdf = keyLength == null
        ? new PBKDF2Params(SALT, 1, hmacSha256())
        : new PBKDF2Params(SALT, 1, keyLength, hmacSha256());
    // PBKDF2Params takes an int; write the count through its ASN.1 form to reach any size
    var sequence = (ASN1Sequence) kdf.toASN1Primitive();
    var fields = new ASN1EncodableVector();
    for (int i = 0; i < sequence.size(); i++) {
      fields.add(i == 1 ? new ASN1Integer(iterations) : sequence.getObjectAt(i));
    }
    KeyDerivationFunc func = new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, new DERSequence(fields));
    return encrypted(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, new PBES2Parameters(func, aes256Cbc())));
  }

  private static String scrypt(int n, int r, int p) {
    KeyDerivationFunc func = new KeyDerivationFunc(MiscObjectIdentifiers.id_scrypt, new ScryptParams(SALT, n, r, p, 32));
    return encrypted(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, new PBES2Parameters(func, aes256Cbc())));
  }

  private static String pkcs12(int iterations) {
    return encrypted(new AlgorithmIdentifier(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC, new PKCS12PBEParams(SALT, iterations)));
  }

  private static AlgorithmIdentifier hmacSha256() {
    return new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE);
  }

  private static EncryptionScheme aes256Cbc() {
    return new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(new byte[16]));
  }

  /** An ENCRYPTED PRIVATE KEY block under {@code scheme}; the ciphertext is never reached. */
  private static String encrypted(AlgorithmIdentifier scheme) {
    try {
      return KeyFixtures.pem("ENCRYPTED PRIVATE KEY", new EncryptedPrivateKeyInfo(scheme, new byte[160]).getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
