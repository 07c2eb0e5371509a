package dev.signet;

import dev.signet.internal.JwkCodec;
import dev.signet.internal.KeyMaterial;
import dev.signet.internal.KeyPolicy;
import dev.signet.internal.KeyText;
import dev.signet.internal.OpenSshCodec;
import dev.signet.internal.PemText;
import dev.signet.internal.SafeText;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A public key that verifies signatures, with its {@code kid}, an optional pinned algorithm and an
 * optional label. Every instance has passed Signet's key policy: RSA of 2048 to 8192 bits with an
 * odd modulus and an odd exponent of at least 65537, EC on P-256/P-384/P-521 with its point on the
 * curve and its coordinates in the field, or Ed25519 with a canonically encoded point of the
 * prime-order subgroup (never the identity or a small-order point).
 *
 * <p>Reads every public format of SPEC §2: PEM SPKI ({@code BEGIN PUBLIC KEY}), PKCS#1
 * ({@code BEGIN RSA PUBLIC KEY}), X.509 certificates, JWK, JWKS, and OpenSSH
 * {@code authorized_keys} lines (whose comment becomes the label):
 *
 * {@snippet :
 * VerificationKey key = VerificationKey.parse(Files.readString(Path.of("alice.pub")));
 * key.kid();          // RFC 7638 thumbprint unless the text named a kid
 * key.algorithms();   // [ES256] for a P-256 key
 * }
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows no key material.
 */
public final class VerificationKey {
  private static final int MAX_KID_LENGTH = 256;
  private static final int MAX_LABEL_LENGTH = 256;

  private final PublicKey key;
  private final KeyType type;
  private final String thumbprint;
  private final String kid;
  private final @Nullable Algorithm algorithm;
  private final @Nullable String label;
  private final Set<Algorithm> natural;
  private final Set<Algorithm> accepted;
  private final String pemFingerprint;

  /** {@code vetted}: the key already passed the policy, or a pair check that implies its Ed25519 part. */
  private VerificationKey(
      PublicKey key, @Nullable String kid, @Nullable Algorithm algorithm, @Nullable String label, boolean vetted) {
    if (vetted) {
      KeyPolicy.checkPaired(key);
    } else {
      KeyPolicy.check(key);
    }
    this.key = key;
    this.type = typeOf(key);
    this.thumbprint = JwkCodec.thumbprint(key);
    this.kid = kid == null ? thumbprint : checkKid(kid);
    this.algorithm = algorithm;
    this.label = label == null ? null : cleanLabel(label);
    this.natural = naturalAlgorithms(key, type);
    if (algorithm != null && !natural.contains(algorithm)) {
      throw new UnusableKeyException(
          "algorithm " + algorithm + " does not fit the " + description() + " key (it fits " + natural + ")");
    }
    this.accepted = algorithm == null || type == KeyType.OKP ? natural : Set.of(algorithm);
    this.pemFingerprint = java.util.HexFormat.of().formatHex(
        dev.signet.internal.RequestHashes.sha256(PemText.publicKey(key).getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
  }

  /**
   * A key from a JCA public key; its {@code kid} is its RFC 7638 thumbprint.
   *
   * @throws UnusableKeyException if the key breaks Signet's key policy
   */
  public static VerificationKey of(PublicKey key) {
    return new VerificationKey(Objects.requireNonNull(key, "key"), null, null, null, false);
  }

  /**
   * Reads one public key from PEM, a JWK, or an OpenSSH line. A JWKS with exactly one key is
   * accepted too; for several keys use {@link #parseAll}.
   *
   * @throws UnusableKeyException if the text is no public key Signet can use, and in particular
   *     if it is a private key (Signet never needs the private half to verify)
   */
  public static VerificationKey parse(String text) {
    List<VerificationKey> keys = parseAll(text);
    if (keys.size() != 1) {
      throw new UnusableKeyException("expected one key, found " + keys.size());
    }
    return keys.getFirst();
  }

  /**
   * Reads every public key in a JWKS, or the single key of any other format.
   *
   * <p>Each format is bounded before it is parsed, and parsed in linear time: key text of any
   * kind up to 512 KiB, a JWKS up to that and 100 keys, a JWK 16 KiB, PEM 32 KiB (a key, or a
   * certificate chain), an OpenSSH line 8 KiB.
   *
   * @throws UnusableKeyException as for {@link #parse}, and for text over its format's bound
   */
  public static List<VerificationKey> parseAll(String text) {
    Objects.requireNonNull(text, "text");
    List<KeyMaterial> materials = KeyText.readPublic(text);
    List<VerificationKey> keys = new ArrayList<>(materials.size());
    for (KeyMaterial m : materials) {
      keys.add(fromMaterial(m));
    }
    return List.copyOf(keys);
  }

  static VerificationKey fromMaterial(KeyMaterial m) {
    Algorithm alg = m.alg() == null ? null : algorithmNamed(m.alg());
    return new VerificationKey(m.publicKey(), m.kid(), alg, m.label(), m.paired());
  }

  private static Algorithm algorithmNamed(String alg) {
    return Algorithm.fromJoseName(alg)
        .orElseThrow(() -> new UnusableKeyException("unsupported algorithm \"" + alg + "\" on the key"));
  }

  /** The key's id: as given, else its RFC 7638 SHA-256 thumbprint (base64url). */
  public String kid() {
    return kid;
  }

  /**
   * Whether a token whose header says {@code kid} names this key: its {@link #kid()}, or the hex
   * SHA-256 of its PEM SPKI, the kid the clients of Python's asymmetric-jwt-auth send.
   */
  public boolean isNamedBy(String kid) {
    return this.kid.equals(kid) || pemFingerprint.equals(kid);
  }

  /** The RFC 7638 SHA-256 thumbprint (base64url), whatever the {@code kid}. */
  public String thumbprint() {
    return thumbprint;
  }

  public KeyType type() {
    return type;
  }

  /** The algorithm this key is pinned to, if it was given one. */
  public Optional<Algorithm> algorithm() {
    return Optional.ofNullable(algorithm);
  }

  /**
   * Every algorithm a signature by this key may use: the pinned one (for Ed25519 both its names,
   * EdDSA and Ed25519), else all that fit the key (RSA: RS256-512 and PS256-512; EC: the ES* of its curve).
   */
  public Set<Algorithm> algorithms() {
    return accepted;
  }

  /** Whether a signature made with {@code alg} may be checked with this key. */
  public boolean accepts(Algorithm alg) {
    return accepted.contains(alg); // EdDSA and Ed25519 are two names of one signature
  }

  /** The algorithm a signer uses by default: the pinned one, else RS256, the curve's ES*, or EdDSA. */
  public Algorithm defaultAlgorithm() {
    if (algorithm != null) {
      return algorithm;
    }
    return switch (type) {
      case RSA -> Algorithm.RS256;
      case EC -> natural.iterator().next();
      case OKP -> Algorithm.EdDSA;
    };
  }

  public Optional<String> label() {
    return Optional.ofNullable(label);
  }

  /** The JCA key. */
  public PublicKey key() {
    return key;
  }

  /** "RSA 2048", "EC P-256" or "Ed25519". */
  public String description() {
    return KeyPolicy.describe(key);
  }

  public VerificationKey withKid(String newKid) {
    return new VerificationKey(key, Objects.requireNonNull(newKid, "kid"), algorithm, label, true);
  }

  /** This key pinned to one algorithm. @throws UnusableKeyException if it does not fit the key */
  public VerificationKey withAlgorithm(Algorithm newAlgorithm) {
    return new VerificationKey(key, kid, Objects.requireNonNull(newAlgorithm, "algorithm"), label, true);
  }

  public VerificationKey withLabel(@Nullable String newLabel) {
    return new VerificationKey(key, kid, algorithm, newLabel, true);
  }

  /** PEM SPKI: {@code -----BEGIN PUBLIC KEY-----}. */
  public String toPem() {
    return PemText.publicKey(key);
  }

  /** The public JWK as JSON, with {@code kid}, and {@code alg} when pinned. */
  public String toJwk() {
    return JwkCodec.toJwk(key, kid, algorithm == null ? null : algorithm.name(), null).toJSONString();
  }

  /** One OpenSSH {@code authorized_keys} line, the label as its comment. */
  public String toOpenSsh() {
    return OpenSshCodec.write(key, label);
  }

  /** A JWKS ({@code {"keys":[…]}}) of these keys. */
  public static String toJwks(Collection<VerificationKey> keys) {
    var set = new com.nimbusds.jose.jwk.JWKSet(
        keys.stream()
            .map(k -> JwkCodec.toJwk(k.key, k.kid, k.algorithm == null ? null : k.algorithm.name(), null))
            .toList());
    return set.toString(true);
  }

  private static Set<Algorithm> naturalAlgorithms(PublicKey key, KeyType type) {
    return switch (type) {
      case RSA -> Collections.unmodifiableSet(EnumSet.of(Algorithm.RS256, Algorithm.RS384, Algorithm.RS512, Algorithm.PS256, Algorithm.PS384, Algorithm.PS512));
      case EC -> {
        String curve = KeyPolicy.curveName((ECPublicKey) key);
        EnumSet<Algorithm> set = EnumSet.noneOf(Algorithm.class);
        for (Algorithm a : Algorithm.values()) {
          if (a.keyType() == KeyType.EC && a.curve().orElseThrow().equals(curve)) {
            set.add(a);
          }
        }
        yield Collections.unmodifiableSet(set);
      }
      case OKP -> Collections.unmodifiableSet(EnumSet.of(Algorithm.EdDSA, Algorithm.Ed25519));
    };
  }

  private static KeyType typeOf(PublicKey key) {
    if (key instanceof RSAPublicKey) {
      return KeyType.RSA;
    }
    return key instanceof ECPublicKey ? KeyType.EC : KeyType.OKP;
  }

  /**
   * Labels are for people: characters that would hide themselves or break a line (controls,
   * format characters such as bidi overrides, separators, lone surrogates) become spaces, and 256
   * characters is plenty. Nothing left is no label.
   */
  private static @Nullable String cleanLabel(String label) {
    String clean = label.codePoints().map(c -> SafeText.isUnsafe(c) ? ' ' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
    if (clean.isEmpty()) {
      return null;
    }
    return clean.length() <= MAX_LABEL_LENGTH ? clean : clean.substring(0, MAX_LABEL_LENGTH);
  }

  private static String checkKid(String kid) {
    if (kid.isEmpty() || kid.length() > MAX_KID_LENGTH || !SafeText.isSafe(kid)) {
      throw new UnusableKeyException("kid must be 1-" + MAX_KID_LENGTH + " characters without control, format or separator characters");
    }
    return kid;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerificationKey other
        && thumbprint.equals(other.thumbprint)
        && kid.equals(other.kid)
        && algorithm == other.algorithm
        && Objects.equals(label, other.label);
  }

  @Override
  public int hashCode() {
    return Objects.hash(thumbprint, kid, algorithm, label);
  }

  @Override
  public String toString() {
    return "VerificationKey[kid=" + kid + ", " + description() + (algorithm == null ? "" : ", alg=" + algorithm) + "]";
  }
}
