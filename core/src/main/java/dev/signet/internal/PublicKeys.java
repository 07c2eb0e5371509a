package dev.signet.internal;

import dev.signet.UnusableKeyException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.XECPrivateKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/** Conversions between private and public halves and the raw Ed25519 encodings JWK uses. */
public final class PublicKeys {
  private static final AlgorithmIdentifier ED25519 = new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);

  private PublicKeys() {}

  /** The public half of a private key, computed when the encoding did not carry it. */
  public static PublicKey derive(PrivateKey key) {
    try {
      return switch (key) {
        case RSAPrivateCrtKey rsa ->
            KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        case ECPrivateKey ec -> {
          var spec = EC5Util.convertSpec(ec.getParams());
          ECMultiplier multiplier = new FixedPointCombMultiplier();
          var q = multiplier.multiply(spec.getG(), ec.getS()).normalize();
          ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
          yield KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, ec.getParams()));
        }
        case EdECPrivateKey ed when ed.getParams().getName().equals("Ed25519") ->
            ed25519FromRaw(
                new Ed25519PrivateKeyParameters(ed25519Seed(ed), 0).generatePublicKey().getEncoded());
        default ->
            throw new UnusableKeyException(
                "unsupported private key type " + nameOf(key) + " (expected RSA, EC or Ed25519)");
      };
    } catch (GeneralSecurityException e) {
      throw new UnusableKeyException("cannot compute the public half of the " + key.getAlgorithm() + " key", e);
    }
  }

  /** "Ed448" or "X25519" rather than the JCA's "EdDSA" or "XDH", which would read as supported. */
  private static String nameOf(PrivateKey key) {
    return switch (key) {
      case EdECPrivateKey ed -> ed.getParams().getName();
      case XECPrivateKey xec when xec.getParams() instanceof NamedParameterSpec named -> named.getName();
      default -> key.getAlgorithm();
    };
  }

  public static PublicKey ed25519FromRaw(byte[] x) {
    if (x.length != 32) {
      throw new UnusableKeyException("an Ed25519 public key is 32 bytes, not " + x.length);
    }
    try {
      byte[] spki = new SubjectPublicKeyInfo(ED25519, x).getEncoded();
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    } catch (IOException | GeneralSecurityException e) {
      throw new UnusableKeyException("not a valid Ed25519 public key", e);
    }
  }

  public static PrivateKey ed25519PrivateFromSeed(byte[] d) {
    if (d.length != 32) {
      throw new UnusableKeyException("an Ed25519 private key is 32 bytes, not " + d.length);
    }
    try {
      byte[] pkcs8 = new PrivateKeyInfo(ED25519, new DEROctetString(d)).getEncoded();
      return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (IOException | GeneralSecurityException e) {
      throw new UnusableKeyException("not a valid Ed25519 private key", e);
    }
  }

  /** The 32-byte public value x of an Ed25519 key. */
  public static byte[] ed25519Raw(PublicKey key) {
    return Ed25519Spki.raw(key);
  }

  /** The 32-byte private seed d of an Ed25519 key. */
  public static byte[] ed25519Seed(PrivateKey key) {
    try {
      return DEROctetString.getInstance(PrivateKeyInfo.getInstance(key.getEncoded()).parsePrivateKey()).getOctets();
    } catch (IOException e) {
      throw new UnusableKeyException("not a valid Ed25519 private key", e);
    }
  }

}
