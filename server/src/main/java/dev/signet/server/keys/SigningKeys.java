package dev.signet.server.keys;

import dev.signet.Algorithm;
import dev.signet.KeySource;
import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import dev.signet.UnavailableException;
import dev.signet.VerificationKey;
import dev.signet.server.audit.Actor;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.config.ConfigException;
import dev.signet.server.storage.Database;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The server's signing keys: the one to sign with now, the ones published for verifiers, and
 * their rotation. The API the token endpoint uses:
 *
 * {@snippet :
 * TokenSigner signer = signingKeys.signer();              // the active key, its kid and alg in the header
 * String accessToken = signer.sign(claims, "at+jwt");     // RFC 9068
 * TokenVerifier ours = TokenVerifier.builder(signingKeys.verificationKeys())
 *     .issuer(issuer).build();                            // accepts exactly what the JWKS publishes
 * }
 *
 * <p><b>Where the keys are.</b> In the database ({@code server_keys}), private halves sealed under
 * the {@link MasterKey}, so that every instance signs with the same key. Each instance keeps an
 * in-memory snapshot, read again every {@code refresh} (and at once after a change made through
 * it); which key is active is computed from the snapshot's times at each call ({@link
 * KeyTimeline}), so a scheduled takeover happens at the same instant on every instance, without
 * waiting for a refresh. A failed refresh (database down) keeps the last snapshot: signing goes on.
 *
 * <p><b>Rotation.</b> A new key is published {@code publishAhead} before it signs (at least the
 * JWKS's {@code max-age} plus {@code refresh}, so that every verifier's cached JWKS holds it by
 * then); a key that stops signing stays published for the retention of {@link KeyRotation.Policy}
 * (the longest access-token lifetime plus clock skew and {@code refresh}), after which tokens it
 * signed are refused here too ({@link #verificationKeys()} is exactly the published set). The
 * schedule runs on every instance; the database lock of {@link KeyRotation} makes one of them
 * rotate.
 *
 * <p>Thread-safe. {@link #close()} stops the background refresh.
 */
public final class SigningKeys extends ForwardingServerKeys<SigningKey> {
  private final Clock clock;
  private final @Nullable Provider provider;
  private volatile @Nullable TokenSigner signer;

  private SigningKeys(RotatingKeys<SigningKey> keys, Clock clock, @Nullable Provider provider) {
    super(keys);
    this.clock = clock;
    this.provider = provider;
  }

  /**
   * Opens the signing keys: checks that {@code master} opens every stored private key, makes the
   * first key on a first start, and reads the keys again every {@code refresh} in a background
   * thread, rotating on {@code policy}'s schedule.
   *
   * @param provider the JCA provider to sign with, or null for the JDK's
   * @throws ConfigException if {@code master} is not the key the stored keys were sealed with
   */
  public static SigningKeys open(Database database, MasterKey master, AuditLog audit, Clock clock, KeyRotation.Policy policy,
      Duration refresh, @Nullable Provider provider) {
    return new SigningKeys(RotatingKeys.open(new KeyKind.Signing(), database, master, audit, clock, policy,
        Objects.requireNonNull(refresh, "refresh")), clock, provider);
  }

  /** Without a background thread: the caller runs {@link #tick()} (tests). */
  static SigningKeys openUnscheduled(Database database, MasterKey master, AuditLog audit, Clock clock, KeyRotation.Policy policy,
      @Nullable Provider provider) {
    return new SigningKeys(RotatingKeys.open(new KeyKind.Signing(), database, master, audit, clock, policy, null), clock, provider);
  }

  /** Whether the database holds any server key (a first start makes the master key only then). */
  public static boolean anyStored(Database database) {
    return database.inTransaction(ServerKeyRows::any);
  }

  /**
   * The key to sign with now: pinned to its algorithm, its kid the RFC 7638 thumbprint.
   *
   * @throws UnavailableException if no key can sign (its private half does not open here)
   */
  public SigningKey current() {
    return keys.current();
  }

  /** A signer with the {@link #current()} key, the server's clock and crypto provider. */
  public TokenSigner signer() {
    SigningKey key = current();
    TokenSigner cached = signer;
    if (cached != null && cached.key().kid().equals(key.kid())) {
      return cached;
    }
    TokenSigner fresh = TokenSigner.of(key, clock, provider);
    signer = fresh;
    return fresh;
  }

  /**
   * The keys that verify this server's tokens: exactly the published ones, so that a token whose
   * key has left the JWKS is refused here as everywhere.
   */
  public KeySource verificationKeys() {
    return new KeySource() {
      @Override
      public List<VerificationKey> keys(@Nullable String kid) {
        return published().stream().map(ServerKey::publicKey).filter(k -> kid == null || k.kid().equals(kid)).toList();
      }

      @Override
      public String toString() {
        return "SigningKeys.verificationKeys";
      }
    };
  }

  /**
   * A new key, published now, signing after the publish-ahead time.
   *
   * @param algorithm its algorithm, or null for {@code --signing-alg}
   * @throws ServerKeyException {@code CONFLICT} if a new key is waiting already
   */
  public ServerKey rotate(@Nullable Algorithm algorithm, Actor actor) {
    return keys.rotateTo(algorithm == null ? null : algorithm.name(), actor);
  }

  @Override
  public String toString() {
    return "SigningKeys[active=" + keys.activeKid() + "]";
  }

  Instant readAt() {
    return keys.readAt();
  }
}
