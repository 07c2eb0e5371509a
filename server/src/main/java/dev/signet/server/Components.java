package dev.signet.server;

import dev.signet.ReplayStore;
import dev.signet.UnusableKeyException;
import dev.signet.VerificationKey;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.audit.AuditRetention;
import dev.signet.server.audit.RefusedRequests;
import dev.signet.server.config.ConfigException;
import dev.signet.server.config.ServerConfig;
import dev.signet.server.enrollment.AdminBootstrap;
import dev.signet.server.enrollment.EnrollmentCodes;
import dev.signet.server.keys.KeyRotation;
import dev.signet.server.keys.MasterKey;
import dev.signet.server.keys.MasterKeySource;
import dev.signet.server.keys.SigningKeys;
import dev.signet.server.redis.RedisReplayStore;
import dev.signet.server.registry.CachedPrincipalKeys;
import dev.signet.server.registry.KeyRegistry;
import dev.signet.server.registry.KeyUsage;
import dev.signet.server.registry.PublishedKeys;
import dev.signet.server.storage.Database;
import dev.signet.server.tokens.Revocations;
import java.io.IOException;
import java.nio.file.Files;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's stateful parts, opened in dependency order and closed in reverse: database, audit
 * log and its background work (counted refusals written every minute, retention purged every
 * hour, on one maintenance thread), signing keys, registry and its cache, enrollment, key usage, replay store.
 */
final class Components implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Components.class);

  final Clock clock;
  final Database database;
  final AuditLog audit;
  final RefusedRequests refusals;
  private final ScheduledExecutorService maintenance;
  private final List<java.util.concurrent.Future<?>> scheduled;
  final KeyRegistry registry;
  final CachedPrincipalKeys principalKeys;
  final EnrollmentCodes enrollments;
  final KeyUsage keyUsage;
  final ReplayStore replayStore;
  final SigningKeys signingKeys;
  final Revocations revocations;
  private final @Nullable RedisReplayStore redis;

  private Components(ServerConfig config, Clock clock, Database database, @Nullable Provider provider) {
    this.clock = clock;
    this.database = database;
    this.audit = new AuditLog(database, clock);
    try {
      this.signingKeys = openSigningKeys(config, clock, database, audit, provider);
    } catch (RuntimeException e) {
      audit.close();
      throw e;
    }
    this.refusals = new RefusedRequests(audit, clock);
    this.registry = new KeyRegistry(database, audit, clock, config.maxKeysPerPrincipal());
    this.principalKeys = new CachedPrincipalKeys(registry, config.keyCacheTtl(), config.keyCacheStaleIfError(),
        PublishedKeys.denyingPrivateAddresses(config.jwksAllowPrivateHosts()));
    this.enrollments = new EnrollmentCodes(database, registry, audit, clock, config.enrollmentTtl(), refusals);
    this.keyUsage = new KeyUsage(database, clock);
    this.redis = config.redis() == null ? null : RedisReplayStore.create(config.redis().toString());
    this.replayStore = redis != null ? redis : ReplayStore.inMemory(1_000_000, clock);
    this.revocations = new Revocations(database, redis, audit, clock);
    this.maintenance = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("signet-maintenance").daemon().factory());
    long interval = RefusedRequests.interval().toMillis();
    var flushes = maintenance.scheduleAtFixedRate(() -> quietly("refused requests", refusals::flush), interval, interval,
        TimeUnit.MILLISECONDS);
    AuditRetention retention = new AuditRetention(database, clock, config.auditRetention());
    var purges = maintenance.scheduleWithFixedDelay(retention::purgeQuietly, 1, AuditRetention.EVERY.toMinutes(), TimeUnit.MINUTES);
    this.scheduled = List.of(flushes, purges); // cancelled on close; their tasks never throw
  }

  static Components open(ServerConfig config, Clock clock, @Nullable Provider provider) {
    if (config.db() == null) {
      MasterKeySource.prepareDataDir(config.dataDir()); // 0700 before H2 and the master key are written into it
    }
    Database database = config.db() == null
        ? Database.embedded(config.dataDir())
        : Database.open(config.db(), config.dbUser(), config.dbPassword());
    try {
      return new Components(config, clock, database, provider);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** The master key (see {@link MasterKeySource}) and the signing keys it seals. */
  private static SigningKeys openSigningKeys(ServerConfig config, Clock clock, Database database, AuditLog audit,
      @Nullable Provider provider) {
    MasterKey master = MasterKeySource.resolve(config.masterKey(), config.masterKeyFile(),
        config.db() == null ? config.dataDir() : null, () -> SigningKeys.anyStored(database));
    // a key stays published while a token it signed may be alive, on an instance that learned of its retirement last
    Duration retention = config.accessTokenLifetime().plus(config.clockSkew()).plus(config.signingKeyRefresh());
    KeyRotation.Policy policy = new KeyRotation.Policy(config.signingAlg(), config.signingKeySize(), config.signingKeyRotation(),
        config.signingKeyPublishAhead(), retention);
    return SigningKeys.open(database, master, audit, clock, policy, config.signingKeyRefresh(), provider);
  }

  /** Creates the {@code admin} principal on first start; see {@link AdminBootstrap}. */
  AdminBootstrap.Result bootstrap(ServerConfig config) {
    VerificationKey adminKey = null;
    if (config.adminKey() != null) {
      try {
        adminKey = VerificationKey.parse(Files.readString(config.adminKey()));
      } catch (IOException e) {
        throw new ConfigException("cannot read --admin-key " + config.adminKey() + ": " + e.getMessage());
      } catch (UnusableKeyException e) { // its message never quotes key material
        throw new ConfigException("--admin-key " + config.adminKey() + " is not a usable public key: " + e.getMessage());
      }
    }
    return new AdminBootstrap(database, registry, enrollments).run(adminKey);
  }

  /** Readiness checks by name: the database, and Redis when configured. */
  Map<String, BooleanSupplier> dependencies() {
    Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
    checks.put("database", database::ready);
    if (redis != null) {
      checks.put("redis", redis::ready);
    }
    return checks;
  }

  private static void quietly(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) { // a task that throws is never run again
      log.warn("{}: {}", what, e.toString());
    }
  }

  /** The counted refusals go to the audit log, which writes everything queued before the database closes. */
  @Override
  public void close() {
    scheduled.forEach(f -> f.cancel(false));
    maintenance.shutdownNow();
    refusals.close();
    signingKeys.close();
    keyUsage.close();
    audit.close();
    if (redis != null) {
      redis.close();
    }
    database.close();
  }
}
