package dev.signet.server.config;

import dev.signet.Binding;
import dev.signet.server.storage.UrlRedaction;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The server's whole configuration, validated at start-up. Built by {@link #from(Settings)} from
 * flags, {@code SIGNET_*} variables and a YAML file; a wrong value stops the server with a
 * message naming the flag, variable or file to fix. Nullable components are optional settings.
 *
 * @param host interface to listen on
 * @param port port to listen on, 0 for any free one
 * @param dataDir where the embedded database and the server's own keys live
 * @param db JDBC URL; null means the embedded H2 file database under {@code dataDir}
 * @param dbUser database user, when not in the URL
 * @param dbPassword database password, when not in the URL (masked in logs)
 * @param redis Redis URI for the shared replay store; null keeps nonces in memory
 * @param issuer this server's issuer URL and the {@code aud} of standard request tokens; null
 *     means {@code http(s)://host:port} as bound
 * @param adminKey public key file that bootstraps the {@code admin} principal
 * @param tlsCert PEM certificate chain; with {@code tlsKey}, serves https
 * @param tlsKey PEM private key for {@code tlsCert}
 * @param cryptoProvider {@code auto}, {@code accp} or {@code jdk}
 * @param clockSkew request tokens' allowed clock difference
 * @param maxTokenLifetime longest {@code exp - iat} of a request token
 * @param keyCacheTtl how long a principal's keys are cached: the bound on how late another
 *     instance sees a key deletion
 * @param enrollmentTtl lifetime of enrollment codes
 * @param maxBodyBytes larger request bodies are refused before they are read
 * @param maxHeaderBytes larger request headers are refused before they are parsed
 * @param shutdownTimeout how long in-flight requests may finish on SIGTERM
 * @param requireBinding binding claims every request token must carry
 * @param jwksAllowPrivateHosts hosts a principal's {@code jwks_uri} may name even though they
 *     resolve to private or loopback addresses
 * @param logLevel {@code trace}, {@code debug}, {@code info}, {@code warn}, {@code error} or {@code off}
 * @param publicUrls other base URLs the server answers under besides {@code issuer}; a request
 *     token's {@code htu} may name any of them (and nothing else)
 * @param trustedProxies IP addresses and CIDR ranges whose {@code Forwarded} / {@code X-Forwarded-*}
 *     headers are believed
 * @param maxKeysPerPrincipal how many keys one principal may have
 * @param auditRetention how long audit entries are kept
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    @Nullable String db,
    @Nullable String dbUser,
    @Nullable String dbPassword,
    @Nullable URI redis,
    @Nullable URI issuer,
    @Nullable Path adminKey,
    @Nullable Path tlsCert,
    @Nullable Path tlsKey,
    String cryptoProvider,
    Duration clockSkew,
    Duration maxTokenLifetime,
    Duration keyCacheTtl,
    Duration enrollmentTtl,
    long maxBodyBytes,
    int maxHeaderBytes,
    Duration shutdownTimeout,
    Set<Binding> requireBinding,
    List<String> jwksAllowPrivateHosts,
    String logLevel,
    List<URI> publicUrls,
    List<String> trustedProxies,
    int maxKeysPerPrincipal,
    Duration auditRetention) {

  /** Every setting name, as flag ({@code --data-dir}), variable ({@code SIGNET_DATA_DIR}) or YAML key. */
  public static final List<String> NAMES = List.of(
      "host", "port", "data-dir", "db", "db-user", "db-password", "redis", "issuer", "admin-key", "tls-cert",
      "tls-key", "crypto-provider", "clock-skew", "max-token-lifetime", "key-cache-ttl", "enrollment-ttl",
      "max-body-size", "max-header-size", "shutdown-timeout", "require-binding", "jwks-allow-private-hosts",
      "log-level", "public-url", "trusted-proxies", "max-keys-per-principal", "audit-retention");

  public ServerConfig {
    requireBinding = requireBinding.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(requireBinding));
    jwksAllowPrivateHosts = List.copyOf(jwksAllowPrivateHosts);
    publicUrls = List.copyOf(publicUrls);
    trustedProxies = List.copyOf(trustedProxies);
  }

  /** The defaults: embedded storage under {@code ./signet-data}, 127.0.0.1:8080. */
  public static ServerConfig defaults() {
    return from(Settings.from(Map.of(), Map.of()));
  }

  /**
   * The configuration the settings describe, every value checked.
   *
   * @throws ConfigException naming the first setting that is wrong
   */
  public static ServerConfig from(Settings s) {
    for (String name : s.names()) {
      if (!NAMES.contains(name)) {
        throw new ConfigException("unknown setting " + s.describe(name) + " (known: " + String.join(", ", NAMES) + ")");
      }
    }
    Values v = new Values(s);
    Path tlsCert = v.file("tls-cert");
    Path tlsKey = v.file("tls-key");
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new ConfigException("--tls-cert and --tls-key go together: give both or neither");
    }
    return new ServerConfig(
        v.string("host", "127.0.0.1"),
        v.integer("port", 8080, 0, 65535),
        v.path("data-dir", Path.of("signet-data")),
        v.jdbcUrl("db"),
        v.optional("db-user"),
        v.optional("db-password"),
        v.uri("redis", Set.of("redis", "rediss")),
        v.uri("issuer", Set.of("http", "https")),
        v.file("admin-key"),
        tlsCert,
        tlsKey,
        v.choice("crypto-provider", "auto", List.of("auto", "accp", "jdk")),
        v.duration("clock-skew", Duration.ofSeconds(20), Duration.ZERO, Duration.ofMinutes(5)),
        v.duration("max-token-lifetime", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(1)),
        v.duration("key-cache-ttl", Duration.ofSeconds(2), Duration.ZERO, Duration.ofMinutes(10)),
        v.duration("enrollment-ttl", Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofDays(7)),
        v.size("max-body-size", 64 * 1024, 1024, 16L * 1024 * 1024),
        (int) v.size("max-header-size", 8 * 1024, 1024, 64 * 1024),
        v.duration("shutdown-timeout", Duration.ofSeconds(20), Duration.ZERO, Duration.ofMinutes(10)),
        v.bindings("require-binding"),
        v.list("jwks-allow-private-hosts"),
        v.choice("log-level", "info", List.of("trace", "debug", "info", "warn", "error", "off")),
        v.baseUrls("public-url"),
        v.addressRanges("trusted-proxies"),
        v.integer("max-keys-per-principal", 32, 1, 1000),
        v.duration("audit-retention", Duration.ofDays(90), Duration.ofDays(1), Duration.ofDays(36500)));
  }

  /** Whether https is served. */
  public boolean tls() {
    return tlsCert != null;
  }

  /** The configuration as one log line, secrets masked. */
  public String describe() {
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("host", host);
    shown.put("port", port);
    shown.put("data-dir", dataDir.toAbsolutePath().normalize());
    shown.put("db", db == null ? "embedded H2 in data-dir" : UrlRedaction.redact(db));
    shown.put("db-user", db == null ? "-" : dbUser == null ? "-" : dbUser);
    shown.put("db-password", dbPassword == null ? "-" : "****");
    shown.put("redis", redis == null ? "none (nonces in memory)" : UrlRedaction.redact(redis.toString()));
    shown.put("issuer", issuer == null ? "(base URL)" : issuer);
    shown.put("admin-key", adminKey == null ? "-" : adminKey);
    shown.put("tls", tls() ? tlsCert : "off");
    shown.put("crypto-provider", cryptoProvider);
    shown.put("clock-skew", clockSkew);
    shown.put("max-token-lifetime", maxTokenLifetime);
    shown.put("key-cache-ttl", keyCacheTtl);
    shown.put("enrollment-ttl", enrollmentTtl);
    shown.put("max-body-size", maxBodyBytes);
    shown.put("max-header-size", maxHeaderBytes);
    shown.put("shutdown-timeout", shutdownTimeout);
    shown.put("require-binding", requireBinding.stream().map(b -> b.claim()).sorted().toList());
    shown.put("log-level", logLevel);
    shown.put("public-url", publicUrls.isEmpty() ? "-" : publicUrls);
    shown.put("trusted-proxies", trustedProxies.isEmpty() ? "-" : trustedProxies);
    shown.put("max-keys-per-principal", maxKeysPerPrincipal);
    shown.put("audit-retention", auditRetention);
    StringBuilder out = new StringBuilder();
    shown.forEach((k, val) -> out.append(out.isEmpty() ? "" : " ").append(k).append('=').append(val));
    return out.toString();
  }

  @Override
  public String toString() {
    return "ServerConfig[" + describe() + "]";
  }

}
