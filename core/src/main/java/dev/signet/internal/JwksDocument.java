package dev.signet.internal;

import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import dev.signet.UnusableKeyException;
import dev.signet.VerificationKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JWKS fetched from an issuer, read key by key: one entry that Signet cannot use (malformed,
 * off its curve, with a certificate that does not match, too weak, for encryption) is skipped
 * with the reason kept for its {@code kid}, and the others still verify. Refused outright:
 *
 * <ul>
 *   <li>a key that carries private members ({@code d}, {@code p}, {@code q}, {@code dp}, {@code dq},
 *       {@code qi}, {@code oth}, or a symmetric {@code k}): the issuer has published a secret, so
 *       the key is compromised. This is logged at ERROR, the one thing core logs above WARN: the
 *       issuer must revoke the key, and nothing else would tell its operators;
 *   <li>a key whose {@code use} is not {@code sig}, or whose {@code key_ops} lack {@code verify}
 *       (when present: RFC 7517 §4.2-4.3), or whose {@code alg} is an encryption algorithm.
 * </ul>
 *
 * <p>Other skipped keys are logged at WARN (the issuer publishes something broken), keys meant
 * for encryption at DEBUG (common and harmless); a document is read once, so each is logged once
 * per content change. The text goes through the same strict JSON reader as key files:
 * exactly one JSON object, no byte-order mark, no array of pairs. Immutable.
 */
public final class JwksDocument {
  private static final Logger log = LoggerFactory.getLogger("dev.signet.RemoteJwks");
  private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

  private final List<VerificationKey> keys;
  private final Map<String, String> unusable;

  private JwksDocument(List<VerificationKey> keys, Map<String, String> unusable) {
    this.keys = List.copyOf(keys);
    this.unusable = Map.copyOf(unusable);
  }

  /**
   * Reads a JWKS; {@code source} names it in the log.
   *
   * @throws ParseException if the text is not a JSON object with a {@code keys} array
   */
  public static JwksDocument parse(String json, String source) throws ParseException {
    Map<String, Object> root = JsonCodec.parseObject(json);
    if (!(root.get("keys") instanceof List<?> entries)) {
      throw new ParseException("no \"keys\" array", 0);
    }
    List<VerificationKey> keys = new ArrayList<>();
    Map<String, String> unusable = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      Object entry = entries.get(i);
      String kid = entry instanceof Map<?, ?> map && map.get("kid") instanceof String s ? s : null;
      try {
        keys.add(read(entry));
      } catch (Skipped e) {
        String where = "key " + (kid == null ? "#" + i : "'" + ParsedJws.printable(kid) + "'") + " of the JWKS at " + source;
        switch (e.severity) {
          case COMPROMISED -> log.error("{} publishes its private part, so it is compromised: refused (the issuer must revoke it)", where);
          case BROKEN -> log.warn("skipping {}: {}", where, e.getMessage());
          case NOT_FOR_SIGNATURES -> log.debug("skipping {}: {}", where, e.getMessage());
        }
        if (kid != null) {
          unusable.putIfAbsent(kid, e.getMessage());
        }
      }
    }
    return new JwksDocument(keys, unusable);
  }

  private static VerificationKey read(@Nullable Object entry) throws Skipped {
    if (!(entry instanceof Map<?, ?> raw)) {
      throw new Skipped(Severity.BROKEN, "not a JSON object");
    }
    Set<String> secret = new TreeSet<>();
    raw.keySet().forEach(member -> {
      if (PRIVATE_MEMBERS.contains(member)) {
        secret.add(member.toString());
      }
    });
    if (!secret.isEmpty()) {
      throw new Skipped(Severity.COMPROMISED, "the JWKS publishes its private part " + secret + ": refused");
    }
    JWK jwk;
    try {
      @SuppressWarnings("unchecked") // JSON object members are named by strings
      Map<String, Object> members = (Map<String, Object>) raw;
      jwk = JWK.parse(members);
    } catch (ParseException | RuntimeException e) { // Nimbus throws IllegalArgumentException too (x5c that does not match)
      throw new Skipped(Severity.BROKEN, "not a valid JWK: " + clean(e.getMessage()));
    }
    checkPurpose(jwk);
    try {
      return VerificationKey.parse(jwk.toPublicJWK().toJSONString());
    } catch (UnusableKeyException e) {
      throw new Skipped(Severity.BROKEN, clean(e.getMessage()));
    }
  }

  private static void checkPurpose(JWK jwk) throws Skipped {
    KeyUse use = jwk.getKeyUse();
    if (use != null && !use.equals(KeyUse.SIGNATURE)) {
      throw new Skipped(Severity.NOT_FOR_SIGNATURES, "its use is '" + clean(use.identifier()) + "', not 'sig'");
    }
    Set<KeyOperation> ops = jwk.getKeyOperations();
    if (ops != null && !ops.contains(KeyOperation.VERIFY)) {
      throw new Skipped(Severity.NOT_FOR_SIGNATURES, "its key_ops " + clean(ops.stream().map(KeyOperation::identifier).sorted().toList().toString())
          + " lack 'verify'");
    }
    if (jwk.getAlgorithm() != null && isEncryption(jwk.getAlgorithm().getName())) {
      throw new Skipped(Severity.NOT_FOR_SIGNATURES, "its alg " + clean(jwk.getAlgorithm().getName()) + " is for encryption");
    }
  }

  private static boolean isEncryption(String alg) {
    JWEAlgorithm jwe = JWEAlgorithm.parse(alg); // a known constant when the name is one
    return JWEAlgorithm.Family.ASYMMETRIC.contains(jwe) || JWEAlgorithm.Family.SYMMETRIC.contains(jwe)
        || jwe.equals(JWEAlgorithm.DIR) || JWEAlgorithm.Family.PBES2.contains(jwe);
  }

  private static String clean(@Nullable String message) {
    if (message == null) {
      return "(no detail)";
    }
    String printable = message.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    return printable.length() <= 200 ? printable : printable.substring(0, 200) + "…";
  }

  /** Every usable key. */
  public List<VerificationKey> keys() {
    return keys;
  }

  /** The usable keys that {@code kid} names (several when the issuer reuses a kid). */
  public List<VerificationKey> keys(String kid) {
    return keys.stream().filter(k -> k.isNamedBy(kid)).toList();
  }

  /** Why the document's key with this kid was skipped, when it was. */
  public Optional<String> whyUnusable(String kid) {
    return Optional.ofNullable(unusable.get(kid));
  }

  @Override
  public String toString() {
    return "JwksDocument[" + keys.size() + " usable keys, " + unusable.size() + " skipped]";
  }

  private enum Severity { COMPROMISED, BROKEN, NOT_FOR_SIGNATURES }

  /** A key left out of the document, and why. */
  private static final class Skipped extends Exception {
    private static final long serialVersionUID = 1L;
    private final Severity severity;

    Skipped(Severity severity, String reason) {
      super(reason, null, false, false);
      this.severity = severity;
    }
  }
}
