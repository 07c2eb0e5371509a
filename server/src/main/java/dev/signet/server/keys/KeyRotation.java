package dev.signet.server.keys;

import dev.signet.Algorithm;
import dev.signet.server.audit.Actor;
import dev.signet.server.audit.AuditAction;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.storage.Database;
import dev.signet.server.storage.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every change to the server's keys of one {@link KeyUse}: the first key, scheduled and manual
 * rotation, retirement, and the removal of keys out of the JWKS for good. Each change runs in one
 * transaction holding the use's lock row ({@code server_key_locks}), decides on the rows as it
 * reads them there, and writes one row (two when a retired key's waiting successor takes over
 * early) plus its audit entry, so that instances sharing the database never rotate twice and a
 * failure leaves nothing half done.
 *
 * <p>A new key is published at once and takes over {@link Policy#publishAhead} later, when
 * another key is active; a key that takes over when none is (first start, or the active one
 * retired with none waiting) is active at once. See {@link KeyTimeline} for the life of a key.
 *
 * <p>Thread-safe.
 */
public final class KeyRotation<K> {
  private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);

  /**
   * How keys are made and rotated.
   *
   * @param alg of new keys, a JOSE name (of a JWS algorithm for signing keys, of a key-management
   *     algorithm for encryption keys)
   * @param rsaBits size of new RSA keys
   * @param period how long a key is active before the next takes over; zero: no schedule
   * @param publishAhead how long a new key is published before it takes over
   * @param retention how long a key stays published after it was last used: the longest lifetime
   *     of a token it signed, plus clock skew and the instances' refresh delay
   */
  public record Policy(String alg, int rsaBits, Duration period, Duration publishAhead, Duration retention) {
    /** A policy for signing keys of {@code algorithm}. */
    public Policy(Algorithm algorithm, int rsaBits, Duration period, Duration publishAhead, Duration retention) {
      this(algorithm.name(), rsaBits, period, publishAhead, retention);
    }

    public Policy {
      Objects.requireNonNull(alg, "alg");
      if (period.isNegative() || publishAhead.isNegative() || retention.isNegative()) {
        throw new IllegalArgumentException("durations must not be negative: " + period + ", " + publishAhead + ", " + retention);
      }
    }
  }

  private final Database database;
  private final KeySealing sealing;
  private final AuditLog audit;
  private final Clock clock;
  private final KeyKind<K> kind;
  private final KeyUse use;
  private final Policy policy;

  KeyRotation(Database database, KeySealing sealing, AuditLog audit, Clock clock, KeyKind<K> kind, Policy policy) {
    this.database = database;
    this.sealing = sealing;
    this.audit = audit;
    this.clock = clock;
    this.kind = kind;
    this.use = kind.use();
    this.policy = policy;
  }

  KeyKind<K> kind() {
    return kind;
  }

  Policy policy() {
    return policy;
  }

  KeyTimeline timeline() {
    return database.inTransaction(c -> KeyTimeline.of(ServerKeyRows.all(c, use), policy.retention()));
  }

  /** Makes sure a key is active now: the first start makes one; a waiting key with none active takes over. */
  void ensureActive() {
    Instant now = Jdbc.now(clock);
    if (timeline().active(now).isPresent()) {
      return;
    }
    K fresh = generate(policy.alg()); // before taking the lock: RSA keys take a while
    database.execute(c -> {
      ServerKeyRows.lock(c, use);
      KeyTimeline timeline = KeyTimeline.of(ServerKeyRows.all(c, use), policy.retention());
      if (timeline.active(now).isPresent()) {
        return; // another instance was first
      }
      Optional<KeyTimeline.Entry> pending = timeline.pending(now);
      if (pending.isPresent()) {
        ServerKeyRows.activate(c, pending.get().row().kid(), now);
        log.warn("no {} key was active: waiting key {} took over early", use.code(), pending.get().row().kid());
      } else {
        create(c, fresh, now, now, Actor.server(), "first key");
      }
    });
  }

  /** The scheduled rotation: a new key when {@link KeyTimeline#rotationDue} says so. */
  Optional<StoredKey> rotateIfDue() {
    if (policy.period().isZero() || !timeline().rotationDue(Jdbc.now(clock), policy.period(), policy.publishAhead())) {
      return Optional.empty();
    }
    K fresh = generate(policy.alg());
    return database.inTransaction(c -> {
      ServerKeyRows.lock(c, use);
      Instant now = Jdbc.now(clock);
      KeyTimeline timeline = KeyTimeline.of(ServerKeyRows.all(c, use), policy.retention());
      if (!timeline.rotationDue(now, policy.period(), policy.publishAhead())) {
        return Optional.empty(); // another instance rotated while this one waited for the lock
      }
      return Optional.of(create(c, fresh, now, timeline.active(now).isPresent() ? now.plus(policy.publishAhead()) : now,
          Actor.server(), "scheduled rotation"));
    });
  }

  /**
   * A new key, published now, active after {@link Policy#publishAhead}.
   *
   * @param alg its algorithm (a JOSE name), or null for the configured one
   * @throws ServerKeyException {@code CONFLICT} if a new key is already waiting
   */
  StoredKey rotate(@Nullable String alg, Actor actor) {
    K fresh = generate(alg == null ? policy.alg() : kind.checkAlg(alg));
    return database.inTransaction(c -> {
      ServerKeyRows.lock(c, use);
      Instant now = Jdbc.now(clock);
      KeyTimeline timeline = KeyTimeline.of(ServerKeyRows.all(c, use), policy.retention());
      Optional<KeyTimeline.Entry> pending = timeline.pending(now);
      if (pending.isPresent()) {
        throw new ServerKeyException(ServerKeyException.Reason.CONFLICT, "key " + pending.get().row().kid()
            + " is already waiting to take over at " + pending.get().row().activatesAt() + "; retire it first to replace it");
      }
      Instant activatesAt = timeline.active(now).isPresent() ? now.plus(policy.publishAhead()) : now;
      return create(c, fresh, now, activatesAt, actor, "rotation");
    });
  }

  /**
   * Retires a key now. If it was active, the waiting key takes over at once, or a new key does.
   * A key retired as {@code compromised} also leaves the JWKS at once, so that every token it
   * signed is refused from then on; otherwise it stays published for {@link Policy#retention}.
   *
   * @throws ServerKeyException {@code UNKNOWN_KEY}, or {@code CONFLICT} if it is retired already
   *     (and, when {@code compromised}, unpublished already)
   */
  void retire(String kid, boolean compromised, Actor actor) {
    database.execute(c -> {
      ServerKeyRows.lock(c, use);
      Instant now = Jdbc.now(clock);
      KeyTimeline timeline = KeyTimeline.of(ServerKeyRows.all(c, use), policy.retention());
      KeyTimeline.Entry key = timeline.find(kid).filter(e -> e.publishedAt(now)).orElseThrow(() ->
          new ServerKeyException(ServerKeyException.Reason.UNKNOWN_KEY, "no published " + use.code() + " key with kid '" + kid + "'"));
      boolean retired = key.retiresAt() != null && !now.isBefore(key.retiresAt());
      if (retired && !compromised) {
        throw new ServerKeyException(ServerKeyException.Reason.CONFLICT, "key " + kid + " was retired at " + key.retiresAt()
            + "; it leaves the JWKS at " + key.unpublishAt() + " (retire it as compromised to remove it now)");
      }
      Instant retiredAt = retired ? Objects.requireNonNull(key.retiresAt()) : now;
      ServerKeyRows.retire(c, kid, retiredAt, compromised ? now : null);
      audit.recordChange(actor, AuditAction.SERVER_KEY_RETIRE, null, kid,
          "use=" + use.code() + (compromised ? " compromised: unpublished at once" : ""));
      if (key.activeAt(now)) {
        Optional<KeyTimeline.Entry> pending = timeline.pending(now);
        if (pending.isPresent()) {
          ServerKeyRows.activate(c, pending.get().row().kid(), now);
        } else {
          create(c, generate(policy.alg()), now, now, actor, "replaces retired key " + kid);
        }
      }
    });
  }

  /** Deletes the rows of keys out of the JWKS for good; returns how many. */
  int purge() {
    Instant now = Jdbc.now(clock);
    var gone = timeline().unpublished(now);
    if (gone.isEmpty()) {
      return 0;
    }
    database.execute(c -> {
      ServerKeyRows.lock(c, use);
      for (KeyTimeline.Entry e : KeyTimeline.of(ServerKeyRows.all(c, use), policy.retention()).unpublished(now)) {
        ServerKeyRows.delete(c, e.row().kid());
        log.info("{} key {} left the JWKS at {}; its row is deleted", use.code(), e.row().kid(), e.unpublishAt());
      }
    });
    return gone.size();
  }

  private StoredKey create(Connection c, K named, Instant now, Instant activatesAt, Actor actor, String why)
      throws SQLException {
    String kid = kind.kid(named);
    String algorithm = kind.alg(named);
    StoredKey unsealed = new StoredKey(kid, use, algorithm, kind.publicKey(named).toJwk(), "", now, activatesAt, null, null,
        actor.principal());
    StoredKey row = new StoredKey(kid, use, algorithm, unsealed.publicJwk(), sealing.seal(kind, named, unsealed.sealingContext()),
        now, activatesAt, null, null, actor.principal());
    ServerKeyRows.insert(c, row);
    audit.recordChange(actor, AuditAction.SERVER_KEY_CREATE, null, kid,
        why + ": use=" + use.code() + " alg=" + algorithm + " active from " + activatesAt);
    log.info("new {} key {} ({}, {}): active from {}", use.code(), kid, algorithm, why, activatesAt);
    return row;
  }

  /** A new key pinned to {@code alg}, its kid the RFC 7638 thumbprint. */
  private K generate(String alg) {
    return kind.generate(alg, policy.rsaBits());
  }
}
