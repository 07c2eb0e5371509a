package dev.signet.server.config;

import static java.time.Duration.ZERO;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

import dev.signet.Algorithm;
import dev.signet.Binding;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every setting of {@code signet server}, once: the flags, the {@code SIGNET_*} variables, the YAML
 * keys, {@code server --help} and the start log are made from this table, in this order. To add a
 * setting, add one entry here and to {@link #ALL}; read it with {@link ServerConfig#get}.
 */
public final class ServerSettings {
  private static final long KIB = 1024;

  public static final Setting<String> HOST = Setting.of("host", Kind.text(), "127.0.0.1", "HOST",
      "interface to listen on");
  public static final Setting<Integer> PORT = Setting.of("port", Kind.integer(0, 65535), 8080, "PORT",
      "port to listen on; 0 picks a free one");
  public static final Setting<Path> DATA_DIR = Setting.of("data-dir", Kind.path(), Path.of("signet-data"), "DIR",
      "directory of the embedded H2 database (unused with --db)").defaultSaid("./signet-data");
  public static final Setting<String> DB = Setting.optional("db", Kind.jdbcUrl(), "embedded H2 in the data dir", "JDBC_URL",
      "jdbc:postgresql://… to keep everything in PostgreSQL, as several instances need");
  public static final Setting<String> DB_USER = Setting.optional("db-user", Kind.text(), "none", "USER",
      "database user, if not in the URL");
  public static final Setting<String> DB_PASSWORD = Setting.optional("db-password", Kind.text(), "none", "PASSWORD",
      "database password, if not in the URL (prefer SIGNET_DB_PASSWORD: flags show in ps)").masked();
  public static final Setting<URI> REDIS = Setting.optional("redis", Kind.url("redis", "rediss"), "none (nonces in memory)", "URL",
      "redis://… for the replay store all instances share");
  public static final Setting<Boolean> SINGLE_INSTANCE = Setting.of("single-instance", Kind.bool(), false, "",
      "say that this is the only instance on --db PostgreSQL, so that nonces may stay in memory without --redis");
  public static final Setting<URI> ISSUER = Setting.optional("issuer", Kind.url("http", "https"), "http://HOST:PORT as bound", "URL",
      "public base URL: the aud of standard request tokens; instances behind one load balancer share it");
  public static final Setting<List<URI>> PUBLIC_URL = Setting.of("public-url", Kind.baseUrls(), List.of(), "URL",
      "another base URL the server answers under besides --issuer (repeatable); request tokens' htu may name it");
  public static final Setting<List<String>> TRUSTED_PROXIES = Setting.of("trusted-proxies", Kind.addressRanges(), List.of(), "ADDRESSES",
      "IP addresses and CIDR ranges whose Forwarded / X-Forwarded-* headers are believed; ignored from anyone else");
  public static final Setting<Path> ADMIN_KEY = Setting.optional("admin-key", Kind.readableFile(), "none", "FILE",
      "public key file: creates the admin principal with it on first start");
  public static final Setting<Path> TLS_CERT = Setting.optional("tls-cert", Kind.readableFile(), "off", "FILE",
      "PEM certificate chain: with --tls-key, serves https");
  public static final Setting<Path> TLS_KEY = Setting.optional("tls-key", Kind.readableFile(), "off", "FILE",
      "PEM private key of --tls-cert");
  public static final Setting<String> MANAGEMENT_HOST = Setting.of("management-host", Kind.text(), "127.0.0.1", "HOST",
      "interface of the management listener");
  public static final Setting<Integer> MANAGEMENT_PORT = Setting.optional("management-port", Kind.integer(0, 65535), "off", "PORT",
      "port of the management listener (/metrics, /readyz with detail); 0 picks a free one");
  public static final Setting<String> CRYPTO_PROVIDER = Setting.of("crypto-provider", Kind.choice("auto", "accp", "jdk"), "auto", "NAME",
      "auto (ACCP where it loads), accp (Amazon Corretto Crypto Provider) or jdk");
  public static final Setting<Duration> CLOCK_SKEW = Setting.of("clock-skew", Kind.duration(ZERO, ofMinutes(5)), ofSeconds(20), "DURATION",
      "request tokens' allowed clock difference");
  public static final Setting<Duration> MAX_TOKEN_LIFETIME = Setting.of("max-token-lifetime", Kind.duration(ofSeconds(1), ofHours(1)),
      ofSeconds(60), "DURATION", "longest exp - iat of a request token");
  public static final Setting<Duration> KEY_CACHE_TTL = Setting.of("key-cache-ttl", Kind.duration(ZERO, ofMinutes(10)), ofSeconds(2),
      "DURATION", "how long a principal's keys are cached: how late another instance sees a key deleted");
  public static final Setting<Duration> KEY_CACHE_STALE_IF_ERROR = Setting.of("key-cache-stale-if-error",
      Kind.duration(ZERO, ofHours(1)), ofMinutes(5), "DURATION",
      "while the database is unreachable, cached keys keep authenticating this long past the ttl; 0s disables it");
  public static final Setting<Integer> MAX_KEYS_PER_PRINCIPAL = Setting.of("max-keys-per-principal", Kind.integer(1, 1000), 32, "COUNT",
      "more keys for one principal are refused (409)");
  public static final Setting<Duration> AUDIT_RETENTION = Setting.of("audit-retention", Kind.duration(ofDays(1), ofDays(36500)), ofDays(90),
      "DURATION", "audit entries older than this are deleted, hourly, in the background");
  public static final Setting<Duration> ENROLLMENT_TTL = Setting.of("enrollment-ttl", Kind.duration(ofMinutes(1), ofDays(7)), ofMinutes(15),
      "DURATION", "lifetime of enrollment codes");
  public static final Setting<Long> MAX_BODY_SIZE = Setting.of("max-body-size", Kind.size(KIB, 16 * KIB * KIB), 64 * KIB, "SIZE",
      "larger request bodies are refused (413) before they are read");
  public static final Setting<Long> MAX_HEADER_SIZE = Setting.of("max-header-size", Kind.size(KIB, 64 * KIB), 8 * KIB, "SIZE",
      "larger request headers are refused (431) before they are parsed");
  public static final Setting<Duration> SHUTDOWN_TIMEOUT = Setting.of("shutdown-timeout", Kind.duration(ZERO, ofMinutes(10)), ofSeconds(20),
      "DURATION", "how long in-flight requests may finish on SIGTERM");
  public static final Setting<Set<Binding>> REQUIRE_BINDING = Setting.of("require-binding", Kind.bindings(), Set.of(), "CLAIMS",
      "binding claims every request token must carry: htm, htu, qsh, bsh");
  public static final Setting<List<String>> JWKS_ALLOW_PRIVATE_HOSTS = Setting.of("jwks-allow-private-hosts", Kind.list(), List.of(),
      "HOSTS", "hosts a principal's jwks_uri may name although they resolve to loopback or private addresses");
  public static final Setting<Path> MASTER_KEY_FILE = Setting.optional("master-key-file", Kind.readableFile(),
      "embedded: DATA_DIR/master.key, made on first start; required with --db", "FILE",
      "file holding the master key that seals the server's private keys (32 random bytes in base64, or a Tink AEAD keyset)");
  public static final Setting<String> MASTER_KEY = Setting.optional("master-key", Kind.text(), "none", "KEY",
      "the master key itself, instead of --master-key-file (prefer SIGNET_MASTER_KEY: flags show in ps)").masked();
  public static final Setting<Algorithm> SIGNING_ALG = Setting.of("signing-alg", Kind.algorithm(), Algorithm.RS256, "ALG",
      "algorithm of new signing keys");
  public static final Setting<Integer> SIGNING_KEY_SIZE = Setting.of("signing-key-size", Kind.integerOneOf(2048, 3072, 4096), 2048, "BITS",
      "size of new RSA signing keys");
  public static final Setting<Duration> SIGNING_KEY_ROTATION = Setting.of("signing-key-rotation", Kind.durationOrOff(ofSeconds(1), ofDays(3650)),
      ofDays(30), "DURATION", "a new signing key takes over after this long; 0 or off: no scheduled rotation");
  public static final Setting<Duration> SIGNING_KEY_PUBLISH_AHEAD = Setting.of("signing-key-publish-ahead", Kind.duration(ZERO, ofDays(30)),
      ofMinutes(15), "DURATION", "a new signing key is published this long before it signs; at least --jwks-max-age plus --signing-key-refresh");
  public static final Setting<Duration> SIGNING_KEY_REFRESH = Setting.of("signing-key-refresh", Kind.duration(ofMillis(100), ofMinutes(10)),
      ofSeconds(10), "DURATION", "how often each instance re-reads the server's keys");
  public static final Setting<Duration> JWKS_MAX_AGE = Setting.of("jwks-max-age", Kind.duration(ZERO, ofDays(1)), ofMinutes(5), "DURATION",
      "Cache-Control max-age of the JWKS, the keys and the metadata");
  public static final Setting<Duration> ACCESS_TOKEN_LIFETIME = Setting.of("access-token-lifetime", Kind.duration(ofSeconds(1), ofHours(24)),
      ofMinutes(5), "DURATION", "lifetime of the access tokens this server issues; a retired key stays published this long");
  public static final Setting<String> LOG_LEVEL = Setting.of("log-level", Kind.choice("trace", "debug", "info", "warn", "error", "off"),
      "info", "LEVEL", "trace, debug, info, warn, error or off");

  /** The table, in the order of the help and the log. */
  public static final List<Setting<?>> ALL = List.of(
      HOST, PORT, DATA_DIR, DB, DB_USER, DB_PASSWORD, REDIS, SINGLE_INSTANCE, ISSUER, PUBLIC_URL, TRUSTED_PROXIES, ADMIN_KEY, TLS_CERT, TLS_KEY,
      MANAGEMENT_HOST, MANAGEMENT_PORT, CRYPTO_PROVIDER, CLOCK_SKEW, MAX_TOKEN_LIFETIME, KEY_CACHE_TTL, KEY_CACHE_STALE_IF_ERROR,
      MAX_KEYS_PER_PRINCIPAL, AUDIT_RETENTION, ENROLLMENT_TTL, MAX_BODY_SIZE, MAX_HEADER_SIZE, SHUTDOWN_TIMEOUT, REQUIRE_BINDING, JWKS_ALLOW_PRIVATE_HOSTS,
      MASTER_KEY_FILE, MASTER_KEY, SIGNING_ALG, SIGNING_KEY_SIZE, SIGNING_KEY_ROTATION, SIGNING_KEY_PUBLISH_AHEAD, SIGNING_KEY_REFRESH,
      JWKS_MAX_AGE, ACCESS_TOKEN_LIFETIME, LOG_LEVEL);

  private ServerSettings() {}

  /** The setting called {@code name}, if there is one. */
  public static Optional<Setting<?>> named(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
