package dev.signet.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import dev.signet.KeyType;
import dev.signet.SigningKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * DPoP proofs (RFC 9449 §4.2) made by the CLI: {@code typ: dpop+jwt}, the key's public JWK in
 * the header, {@code jti}, {@code htm}, {@code htu} (the URL without query or fragment),
 * {@code iat}, and {@code ath} when an access token goes with it. EC and RSA keys only: Signet's
 * server (through the Nimbus OAuth SDK) verifies no EdDSA proof.
 */
final class DpopProof {
  private static final SecureRandom RANDOM = new SecureRandom();

  private DpopProof() {}

  /** Refuses a key that cannot sign proofs, naming the option it came from. */
  static SigningKey checked(SigningKey key, String option) {
    if (key.type() != KeyType.EC && key.type() != KeyType.RSA) {
      throw CliError.usage(option + ": DPoP proofs need an EC or RSA key (the server verifies no " + key.type()
          + " proof); give --dpop-key with one");
    }
    return key;
  }

  static String create(SigningKey key, String method, URI url, @Nullable String accessToken, Clock clock) {
    try {
      JWSAlgorithm alg = JWSAlgorithm.parse(key.algorithm().name());
      JWK jwk = JWK.parse(key.publicKey().toJwk()).toPublicJWK();
      JWSHeader header = new JWSHeader.Builder(alg).type(new JOSEObjectType("dpop+jwt")).jwk(jwk).build();
      Map<String, Object> claims = new LinkedHashMap<>();
      claims.put("jti", random());
      claims.put("htm", method);
      claims.put("htu", htu(url));
      claims.put("iat", clock.instant().getEpochSecond());
      if (accessToken != null) {
        claims.put("ath", sha256(accessToken));
      }
      JWSObject proof = new JWSObject(header, new Payload(claims));
      proof.sign(signer(key));
      return proof.serialize();
    } catch (JOSEException | java.text.ParseException e) {
      throw CliError.failure("cannot make a DPoP proof with key " + key.kid() + ": " + e.getMessage(), e);
    }
  }

  private static JWSSigner signer(SigningKey key) throws JOSEException {
    return key.type() == KeyType.EC ? new ECDSASigner((ECPrivateKey) key.privateKey()) : new RSASSASigner(key.privateKey());
  }

  /** {@code scheme://authority/path}: RFC 9449 §4.2 leaves query and fragment out. */
  static String htu(URI url) {
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    return url.getScheme() + "://" + url.getRawAuthority() + path;
  }

  private static String random() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String sha256(String token) {
    try {
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
