package dev.signet.internal;

import dev.signet.UnusableKeyException;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Key text in, key material out: which format the text is in, and the size bound of that format,
 * checked before its parser sees a character.
 *
 * <table>
 *   <caption>Size bounds, in characters</caption>
 *   <tr><th>format</th><th>at most</th><th>what fits</th></tr>
 *   <tr><td>any key text</td><td>{@value #MAX_TEXT_CHARS}</td><td>the largest format, a JWKS</td></tr>
 *   <tr><td>JWKS</td><td>{@value #MAX_TEXT_CHARS}, {@value #MAX_JWKS_KEYS} keys</td><td>many keys</td></tr>
 *   <tr><td>JWK</td><td>{@value #MAX_JWK_CHARS}</td><td>an 8192-bit RSA private JWK (under 7,000) with room for {@code x5c}</td></tr>
 *   <tr><td>PEM</td><td>{@value #MAX_PEM_CHARS}</td><td>an 8192-bit RSA private key (about 6,500), or a key with its certificate chain</td></tr>
 *   <tr><td>OpenSSH line</td><td>{@value OpenSshCodec#MAX_LINE_CHARS}</td><td>an 8192-bit RSA key (about 1,400) with options and a comment</td></tr>
 * </table>
 *
 * <p>Every reader is linear in its input and none uses a regular expression: PEM armour is checked
 * line by line ({@link PemArmour}) before BouncyCastle decodes it, an OpenSSH line is split by a
 * hand-written scanner ({@link OpenSshCodec}), JSON goes through Nimbus' bounded parser. An
 * encrypted PKCS#8 key may not ask for more key-derivation work than {@link PbeLimits} allows.
 * Refusals are {@link UnusableKeyException}s that name the format and its bound, never key material.
 */
public final class KeyText {
  /** Longer key text of any format is refused first: a JWKS, the largest, is read up to this. */
  public static final int MAX_TEXT_CHARS = JsonCodec.MAX_JSON_CHARS;
  public static final int MAX_JWKS_KEYS = 100;
  public static final int MAX_JWK_CHARS = 16 * 1024;
  public static final int MAX_PEM_CHARS = 32 * 1024;

  private static final String PRIVATE_KEY_GIVEN =
      "this is a private key; give the public key (the private half never leaves its owner)";

  private KeyText() {}

  /** Every key of a JWKS, or the one key of PEM, a JWK or an OpenSSH line; a private key is refused. */
  public static List<KeyMaterial> readPublic(String text) {
    checkLength(text, MAX_TEXT_CHARS, "key text");
    List<KeyMaterial> keys;
    if (PemArmour.looksLikePem(text)) {
      checkLength(text, MAX_PEM_CHARS, "PEM key text");
      if (PemArmour.holdsPrivateKey(text)) {
        throw privateKeyGiven(); // refused before decoding, so an encrypted one gets this message too
      }
      PemArmour.check(text);
      KeyMaterial plain = PlainSpki.read(text); // most public key files, without BouncyCastle
      keys = List.of(plain != null ? plain : PemCodec.read(text, null));
    } else if (JwkCodec.looksLikeJson(text)) {
      keys = readJson(text);
    } else if (text.length() > OpenSshCodec.MAX_LINE_CHARS) {
      throw new UnusableKeyException("not a key: " + text.length() + " characters of neither PEM nor JSON, longer than an "
          + "OpenSSH key line can be (" + OpenSshCodec.MAX_LINE_CHARS + ")");
    } else if (OpenSshCodec.looksLikeOpenSsh(text)) {
      keys = List.of(OpenSshCodec.read(text));
    } else {
      throw new UnusableKeyException(
          "not a key: expected PEM (-----BEGIN …), a JWK or JWKS (JSON), or an OpenSSH public key line");
    }
    for (KeyMaterial key : keys) {
      if (key.isPrivate()) {
        throw privateKeyGiven();
      }
    }
    return keys;
  }

  /** A private key from PEM (any form, maybe encrypted) or a private JWK. */
  public static KeyMaterial readPrivate(String text, char @Nullable [] passphrase) {
    checkLength(text, MAX_TEXT_CHARS, "key text");
    if (PemArmour.looksLikePem(text)) {
      checkLength(text, MAX_PEM_CHARS, "PEM key text");
      PemArmour.check(text);
      KeyMaterial plain = PlainPkcs8.read(text); // most key files, without BouncyCastle
      return plain != null ? plain : PemCodec.read(text, passphrase);
    }
    if (JwkCodec.looksLikeJson(text) && text.length() <= MAX_JWK_CHARS && !JwkCodec.isJwkSet(text)) {
      return JwkCodec.read(text);
    }
    throw new UnusableKeyException("not a private key: expected PEM (-----BEGIN … PRIVATE KEY-----) or a private JWK"
        + (JwkCodec.looksLikeJson(text) && text.length() > MAX_JWK_CHARS ? " of at most " + MAX_JWK_CHARS + " characters" : ""));
  }

  /**
   * A JWKS when the object has {@code keys}, else one JWK; counted and measured before any key
   * is converted. Text that is no JSON object goes to the JWK reader, whose message says why.
   */
  private static List<KeyMaterial> readJson(String text) {
    Map<String, Object> json;
    try {
      json = JsonCodec.parseObject(text);
    } catch (ParseException | RuntimeException e) {
      json = Map.of();
    }
    if (json.get("keys") instanceof List<?> keys) {
      if (keys.size() > MAX_JWKS_KEYS) {
        throw new UnusableKeyException("JWKS has " + keys.size() + " keys; Signet reads at most " + MAX_JWKS_KEYS);
      }
      return JwkCodec.readSet(text);
    }
    if (json.containsKey("keys")) {
      return JwkCodec.readSet(text); // its own message for a "keys" that is no array
    }
    checkLength(text, MAX_JWK_CHARS, "a JWK");
    return List.of(JwkCodec.read(text));
  }

  private static void checkLength(String text, int max, String what) {
    if (text.length() > max) {
      throw new UnusableKeyException(what + " is " + text.length() + " characters; Signet reads at most " + max);
    }
  }

  private static UnusableKeyException privateKeyGiven() {
    return new UnusableKeyException(PRIVATE_KEY_GIVEN);
  }
}
