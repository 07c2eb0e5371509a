package dev.signet.internal;

import com.nimbusds.jose.CompressionAlgorithm;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEDecrypterOption;
import com.nimbusds.jose.JWEEncrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.crypto.opts.MaxDecompressedPlainTextLength;
import dev.signet.ContentEncryption;
import dev.signet.Decryption;
import dev.signet.Decryption.Reason;
import dev.signet.DecryptionKey;
import dev.signet.EncryptionKey;
import dev.signet.KeyType;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * JWE through Nimbus. Threat model of {@link #decrypt}: the JWE is the attacker's. Its length was
 * bounded by the caller; {@link JweHeaderCheck} refuses the structure, algorithms and parameters
 * Signet does not accept before any key is used; Nimbus checks an ECDH-ES ephemeral key is on our
 * key's curve, refuses a compressed ciphertext over 100,000 bytes and stops inflating at the
 * decompressed bound we give it (reading in 4 KiB steps, so a zip bomb costs at most that bound).
 * After the header check every failure, of whatever cause, is the one {@link Reason#UNDECRYPTABLE};
 * the cause is in the detail only, for the log.
 */
public final class JweCrypto {
  private JweCrypto() {}

  public static String encrypt(EncryptionKey recipient, ContentEncryption enc, boolean zip, @Nullable String contentType,
      byte[] payload) {
    JWEHeader.Builder header = new JWEHeader.Builder(JWEAlgorithm.parse(recipient.algorithm().joseName()),
        EncryptionMethod.parse(enc.joseName())).keyID(recipient.kid());
    if (zip) {
      header.compressionAlgorithm(CompressionAlgorithm.DEF);
    }
    if (contentType != null) {
      header.contentType(contentType);
    }
    JWEObject jwe = new JWEObject(header.build(), new Payload(payload));
    try {
      JWEEncrypter encrypter = switch (recipient.type()) {
        case RSA -> new RSAEncrypter((RSAPublicKey) recipient.key());
        case EC -> new ECDHEncrypter((ECPublicKey) recipient.key());
        case OKP -> throw new IllegalStateException("no OKP encryption keys");
      };
      jwe.encrypt(encrypter);
    } catch (JOSEException e) {
      throw new IllegalStateException("encrypting to " + recipient + " failed", e);
    }
    return jwe.serialize();
  }

  /** Decrypts {@code jwe}, whose length the caller bounded, with one of {@code keys}. */
  public static Decryption decrypt(String jwe, List<DecryptionKey> keys, Set<dev.signet.KeyManagement> algorithms,
      Set<ContentEncryption> encryptions, int maxPlaintextBytes) {
    JweHeaderCheck.Checked header;
    try {
      header = JweHeaderCheck.check(jwe, algorithms, encryptions);
    } catch (JweHeaderCheck.Refusal r) {
      return new Decryption.Refused(r.reason, r.detail);
    }
    List<DecryptionKey> candidates = candidates(keys, header);
    if (candidates.isEmpty()) {
      return undecryptable(header.kid() == null
          ? "no " + header.alg().keyType() + " key of ours for alg " + header.alg()
          : "no " + header.alg().keyType() + " key of ours with kid '" + SafeText.escape(header.kid(), 64) + "'");
    }
    List<String> causes = new ArrayList<>(candidates.size());
    for (DecryptionKey key : candidates) {
      try {
        JWEObject parsed = JWEObject.parse(jwe);
        parsed.decrypt(decrypter(key, maxPlaintextBytes));
        byte[] payload = parsed.getPayload().toBytes();
        if (payload.length > maxPlaintextBytes) {
          return undecryptable("the plaintext is " + payload.length + " bytes; at most " + maxPlaintextBytes);
        }
        return new Decryption.Decrypted(payload, header.cty(), key.kid(), header.alg(), header.enc());
      } catch (ParseException | JOSEException | RuntimeException e) {
        causes.add(key.kid() + ": " + e);
      }
    }
    return undecryptable("no key decrypted it (" + String.join("; ", causes) + ")");
  }

  /** The key the {@code kid} names, else every key of the algorithm's type. */
  private static List<DecryptionKey> candidates(List<DecryptionKey> keys, JweHeaderCheck.Checked header) {
    KeyType type = header.alg().keyType();
    return keys.stream()
        .filter(k -> k.type() == type && (header.kid() == null || k.kid().equals(header.kid())))
        .toList();
  }

  private static JWEDecrypter decrypter(DecryptionKey key, int maxPlaintextBytes) throws JOSEException {
    Set<JWEDecrypterOption> options = Set.of(new MaxDecompressedPlainTextLength(maxPlaintextBytes));
    return switch (key.type()) {
      case RSA -> new RSADecrypter(key.privateKey(), Set.of(), options);
      case EC -> new ECDHDecrypter((ECPrivateKey) key.privateKey(), Set.of(), options);
      case OKP -> throw new JOSEException("no OKP decryption keys");
    };
  }

  private static Decryption.Refused undecryptable(String detail) {
    return new Decryption.Refused(Reason.UNDECRYPTABLE, detail);
  }
}
