package dev.signet.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.signet.UnusableKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** JWK and JWKS (RFC 7517) through Nimbus, converted to and from the JDK's key objects. */
public final class JwkCodec {
  private JwkCodec() {}

  public static boolean looksLikeJson(String text) {
    return text.strip().startsWith("{");
  }

  public static boolean isJwkSet(String json) {
    try {
      return JsonCodec.parseObject(json).containsKey("keys");
    } catch (ParseException e) {
      return false;
    }
  }

  public static KeyMaterial read(String json) {
    JWK jwk;
    try {
      jwk = JWK.parse(JsonCodec.parseObject(json)); // bounded size, unlike JWK.parse(String)
    } catch (ParseException | RuntimeException e) {
      throw new UnusableKeyException("not a valid JWK: " + e.getMessage(), e);
    }
    return fromJwk(jwk);
  }


  public static List<KeyMaterial> readSet(String json) {
    JWKSet set;
    try {
      set = JWKSet.parse(JsonCodec.parseObject(json));
    } catch (ParseException | RuntimeException e) { // Nimbus throws NPE for {"keys":[null]}
      throw new UnusableKeyException("not a valid JWK set: " + e.getMessage(), e);
    }
    List<KeyMaterial> keys = new ArrayList<>();
    for (JWK jwk : set.getKeys()) {
      if (!isForEncryption(jwk)) { // a server's JWKS holds its encryption keys too: not keys to verify with
        keys.add(fromJwk(jwk));
      }
    }
    return keys;
  }

  /** {@code use: enc}, or an {@code alg} that is a JWE algorithm. */
  public static boolean isForEncryption(JWK jwk) {
    if (KeyUse.ENCRYPTION.equals(jwk.getKeyUse())) {
      return true;
    }
    return jwk.getAlgorithm() != null && com.nimbusds.jose.JWEAlgorithm.Family.ASYMMETRIC.contains(
        com.nimbusds.jose.JWEAlgorithm.parse(jwk.getAlgorithm().getName()));
  }

  private static KeyMaterial fromJwk(JWK jwk) {
    try {
      String kid = jwk.getKeyID();
      String alg = jwk.getAlgorithm() == null ? null : jwk.getAlgorithm().getName();
      return switch (jwk) {
        case RSAKey rsa -> new KeyMaterial(rsa.toRSAPublicKey(), rsa.isPrivate() ? rsa.toRSAPrivateKey() : null, kid, alg, null);
        case ECKey ec -> {
          requireCurve(ec.getCurve(), List.of(Curve.P_256, Curve.P_384, Curve.P_521));
          yield new KeyMaterial(ec.toECPublicKey(), ec.isPrivate() ? ec.toECPrivateKey() : null, kid, alg, null);
        }
        case OctetKeyPair okp -> {
          requireCurve(okp.getCurve(), List.of(Curve.Ed25519));
          PrivateKey d = okp.isPrivate() ? PublicKeys.ed25519PrivateFromSeed(okp.getDecodedD()) : null;
          yield new KeyMaterial(PublicKeys.ed25519FromRaw(okp.getDecodedX()), d, kid, alg, null);
        }
        case OctetSequenceKey ignored ->
            throw new UnusableKeyException("symmetric (kty \"oct\") keys are never accepted: Signet verifies with public keys only");
        default -> throw new UnusableKeyException("unsupported JWK key type " + jwk.getKeyType());
      };
    } catch (JOSEException e) {
      throw new UnusableKeyException("not a usable " + jwk.getKeyType() + " JWK: " + e.getMessage(), e);
    }
  }

  private static void requireCurve(@Nullable Curve curve, List<Curve> supported) {
    if (curve == null || !supported.contains(curve)) {
      throw new UnusableKeyException("unsupported curve " + curve + " (expected one of " + supported + ")");
    }
  }

  /** The public JWK of a key, as a Nimbus object (for callers inside this package tree). */
  public static JWK toJwk(PublicKey key, @Nullable String kid, @Nullable String alg, @Nullable String use) {
    com.nimbusds.jose.Algorithm algorithm = alg == null ? null : com.nimbusds.jose.Algorithm.parse(alg);
    KeyUse keyUse = use == null ? null : new KeyUse(use);
    return switch (key) {
      case RSAPublicKey rsa -> new RSAKey.Builder(rsa).keyID(kid).algorithm(algorithm).keyUse(keyUse).build();
      case ECPublicKey ec ->
          new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec)
              .keyID(kid).algorithm(algorithm).keyUse(keyUse).build();
      default ->
          new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(Ed25519Spki.raw(key)))
              .keyID(kid).algorithm(algorithm).keyUse(keyUse).build();
    };
  }

  /** The private JWK of a key pair, as JSON. */
  public static String toPrivateJson(PrivateKey key, PublicKey publicKey, @Nullable String kid, @Nullable String alg) {
    JWK jwk = toJwk(publicKey, kid, alg, null);
    JWK full = switch (jwk) {
      case RSAKey rsa -> new RSAKey.Builder(rsa).privateKey((RSAPrivateKey) key).build();
      case ECKey ec -> new ECKey.Builder(ec).privateKey((ECPrivateKey) key).build();
      case OctetKeyPair okp -> new OctetKeyPair.Builder(okp).d(Base64URL.encode(PublicKeys.ed25519Seed(key))).build();
      default -> throw new IllegalStateException("unexpected JWK type " + jwk.getKeyType());
    };
    return full.toJSONString();
  }

  /** RFC 7638 SHA-256 thumbprint, base64url. */
  public static String thumbprint(PublicKey key) {
    try {
      return toJwk(key, null, null, null).computeThumbprint().toString();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot compute thumbprint", e);
    }
  }
}
