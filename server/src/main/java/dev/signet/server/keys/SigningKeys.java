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
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
public final class SigningKeys implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

  private final KeyRotation rotation;
  private final KeySnapshots snapshots;
  private final Clock clock;
  private final @Nullable Provider provider;
  private final @Nullable ScheduledExecutorService executor;
  private volatile @Nullable TokenSigner signer;
  private volatile boolean failing;

  private SigningKeys(KeyRotation rotation, KeySnapshots snapshots, Clock clock, @Nullable Provider provider,
      @Nullable ScheduledExecutorService executor) {
    this.rotation = rotation;
    this.snapshots = snapshots;
    this.clock = clock;
    this.provider = provider;
    this.executor = executor;
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
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "signet-signing-keys");
      thread.setDaemon(true);
      return thread;
    });
    try {
      SigningKeys keys = create(database, master, audit, clock, policy, provider, executor);
      long millis = refresh.toMillis();
      java.util.concurrent.Future<?> unused = executor.scheduleWithFixedDelay(keys::tick, millis, millis, TimeUnit.MILLISECONDS);
      return keys;
    } catch (RuntimeException e) {
      executor.shutdownNow();
      throw e;
    }
  }

  /** Without a background thread: the caller runs {@link #tick()} (tests). */
  static SigningKeys openUnscheduled(Database database, MasterKey master, AuditLog audit, Clock clock, KeyRotation.Policy policy,
      @Nullable Provider provider) {
    return create(database, master, audit, clock, policy, provider, null);
  }

  private static SigningKeys create(Database database, MasterKey master, AuditLog audit, Clock clock, KeyRotation.Policy policy,
      @Nullable Provider provider, @Nullable ScheduledExecutorService executor) {
    KeySealing sealing = new KeySealing(master);
    KeyRotation rotation = new KeyRotation(database, sealing, audit, clock, KeyUse.SIG, policy);
    KeySnapshots snapshots = new KeySnapshots(rotation, sealing, clock);
    try {
      snapshots.checkAllOpen();
    } catch (KeySealing.SealedKeyException e) {
      throw new ConfigException(e.getMessage() + " (check --master-key-file / SIGNET_MASTER_KEY)");
    }
    rotation.ensureActive();
    snapshots.refresh();
    return new SigningKeys(rotation, snapshots, clock, provider, executor);
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
    return snapshots.current(clock.instant());
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

  /** The keys in the JWKS now, oldest activation first. */
  public List<ServerKey> published() {
    return jwks().keys();
  }

  /** The JWKS now, and its entity tag. */
  public JwksDocument jwks() {
    return snapshots.jwks(clock.instant());
  }

  /** The published key with this kid, compared ignoring case when no kid matches exactly. */
  public Optional<ServerKey> published(String kid) {
    List<ServerKey> keys = published();
    Optional<ServerKey> exact = keys.stream().filter(k -> k.kid().equals(kid)).findFirst();
    if (exact.isPresent()) {
      return exact;
    }
    List<ServerKey> folded = keys.stream().filter(k -> k.kid().toLowerCase(Locale.ROOT).equals(kid.toLowerCase(Locale.ROOT))).toList();
    return folded.size() == 1 ? Optional.of(folded.getFirst()) : Optional.empty(); // two kids differing in case: exact only
  }

  /** Every stored key, published or not yet deleted, as the database has them now. */
  public List<ServerKey> list() {
    return snapshots.describe(rotation.timeline());
  }

  /**
   * A new key, published now, signing after the publish-ahead time.
   *
   * @param algorithm its algorithm, or null for {@code --signing-alg}
   * @throws ServerKeyException {@code CONFLICT} if a new key is waiting already
   */
  public ServerKey rotate(@Nullable Algorithm algorithm, Actor actor) {
    StoredKey created = rotation.rotate(algorithm, Objects.requireNonNull(actor, "actor"));
    snapshots.refresh();
    return published(created.kid()).orElseThrow();
  }

  /**
   * Retires a key now; see {@link KeyRotation#retire}.
   *
   * @throws ServerKeyException {@code UNKNOWN_KEY} or {@code CONFLICT}
   */
  public void retire(String kid, boolean compromised, Actor actor) {
    rotation.retire(Objects.requireNonNull(kid, "kid"), compromised, Objects.requireNonNull(actor, "actor"));
    snapshots.refresh();
  }

  /** The background step: the scheduled rotation, removal of unpublished keys, and a refresh. */
  void tick() {
    try {
      rotation.rotateIfDue();
      rotation.purge();
      snapshots.refresh();
      if (failing) {
        log.info("signing keys read again from the database");
        failing = false;
      }
    } catch (RuntimeException e) { // the executor would stop scheduling after an exception
      if (!failing) {
        log.warn("cannot refresh the signing keys (signing goes on with the keys read at {}): {}", snapshots.readAt(), e.toString());
        failing = true;
      }
    }
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "SigningKeys[active=" + snapshots.activeKid(clock.instant()) + "]";
  }

  Instant readAt() {
    return snapshots.readAt();
  }
}
