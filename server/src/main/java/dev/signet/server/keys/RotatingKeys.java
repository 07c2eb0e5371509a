package dev.signet.server.keys;

import dev.signet.server.audit.Actor;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.config.ConfigException;
import dev.signet.server.storage.Database;
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
 * The server's keys of one use, whatever the use: the database rows, this instance's snapshot of
 * them, their rotation, and the background refresh. {@link SigningKeys} and {@link EncryptionKeys}
 * are this plus what their use does with the keys. See {@link SigningKeys} for the life of a key.
 *
 * <p>Thread-safe. {@link #close()} stops the background refresh.
 */
final class RotatingKeys<K> implements ServerKeys, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RotatingKeys.class);

  private final KeyRotation<K> rotation;
  private final KeySnapshots<K> snapshots;
  private final Clock clock;
  private final @Nullable ScheduledExecutorService executor;
  private volatile boolean failing;

  private RotatingKeys(KeyRotation<K> rotation, KeySnapshots<K> snapshots, Clock clock, @Nullable ScheduledExecutorService executor) {
    this.rotation = rotation;
    this.snapshots = snapshots;
    this.clock = clock;
    this.executor = executor;
  }

  /**
   * Opens the keys of {@code kind}: checks that {@code master} opens every stored private key,
   * makes the first key on a first start, and, with a {@code refresh}, reads the keys again in a
   * background thread every {@code refresh}, rotating on {@code policy}'s schedule.
   *
   * @param refresh null: no background thread, the caller runs {@link #tick()} (tests)
   * @throws ConfigException if {@code master} is not the key the stored keys were sealed with
   */
  static <K> RotatingKeys<K> open(KeyKind<K> kind, Database database, MasterKey master, AuditLog audit, Clock clock,
      KeyRotation.Policy policy, @Nullable Duration refresh) {
    ScheduledExecutorService executor = refresh == null ? null : Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "signet-" + kind.use().code() + "-keys");
      thread.setDaemon(true);
      return thread;
    });
    try {
      KeySealing sealing = new KeySealing(master);
      KeyRotation<K> rotation = new KeyRotation<>(database, sealing, audit, clock, kind, policy);
      KeySnapshots<K> snapshots = new KeySnapshots<>(rotation, sealing, clock);
      try {
        snapshots.checkAllOpen();
      } catch (KeySealing.SealedKeyException e) {
        throw new ConfigException(e.getMessage() + " (check --master-key-file / SIGNET_MASTER_KEY)");
      }
      rotation.ensureActive();
      snapshots.refresh();
      RotatingKeys<K> keys = new RotatingKeys<>(rotation, snapshots, clock, executor);
      if (executor != null && refresh != null) {
        long millis = refresh.toMillis();
        java.util.concurrent.Future<?> unused = executor.scheduleWithFixedDelay(keys::tick, millis, millis, TimeUnit.MILLISECONDS);
      }
      return keys;
    } catch (RuntimeException e) {
      if (executor != null) {
        executor.shutdownNow();
      }
      throw e;
    }
  }

  /** The active key's private half; see {@link KeySnapshots#current}. */
  K current() {
    return snapshots.current(clock.instant());
  }

  /** The private halves of every published key that opened here. */
  List<K> usable() {
    return snapshots.usable(clock.instant());
  }

  @Nullable String activeKid() {
    return snapshots.activeKid(clock.instant());
  }

  @Override
  public KeyUse use() {
    return rotation.kind().use();
  }

  @Override
  public List<ServerKey> published() {
    return jwks().keys();
  }

  @Override
  public JwksDocument jwks() {
    return snapshots.jwks(clock.instant());
  }

  @Override
  public Optional<ServerKey> published(String kid) {
    List<ServerKey> keys = published();
    Optional<ServerKey> exact = keys.stream().filter(k -> k.kid().equals(kid)).findFirst();
    if (exact.isPresent()) {
      return exact;
    }
    List<ServerKey> folded = keys.stream().filter(k -> k.kid().toLowerCase(Locale.ROOT).equals(kid.toLowerCase(Locale.ROOT))).toList();
    return folded.size() == 1 ? Optional.of(folded.getFirst()) : Optional.empty(); // two kids differing in case: exact only
  }

  @Override
  public List<ServerKey> list() {
    return snapshots.describe(rotation.timeline());
  }

  @Override
  public ServerKey rotateTo(@Nullable String alg, Actor actor) {
    StoredKey created = rotation.rotate(alg, Objects.requireNonNull(actor, "actor"));
    snapshots.refresh();
    return list().stream().filter(k -> k.kid().equals(created.kid())).findFirst().orElseThrow();
  }

  @Override
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
        log.info("{} keys read again from the database", use().code());
        failing = false;
      }
    } catch (RuntimeException e) { // the executor would stop scheduling after an exception
      if (!failing) {
        log.warn("cannot refresh the {} keys (going on with the keys read at {}): {}", use().code(), snapshots.readAt(), e.toString());
        failing = true;
      }
    }
  }

  Instant readAt() {
    return snapshots.readAt();
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
