package dev.signet.server.config;

import static dev.signet.server.config.ServerSettings.*;

import dev.signet.Binding;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The server's whole configuration, validated at start-up: a value for every setting of
 * {@link ServerSettings}, from flags, {@code SIGNET_*} variables and a YAML file ({@link
 * #from(Settings)}); a wrong value stops the server with a message naming the flag, variable or
 * file line to fix. The accessors are shorthand for {@link #get}/{@link #find}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ServerConfig {
  private final Map<Setting<?>, Object> values;

  private ServerConfig(Map<Setting<?>, Object> values) {
    this.values = Map.copyOf(values);
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
  public static ServerConfig from(Settings settings) {
    refuseUnknown(settings);
    Map<Setting<?>, Object> values = new HashMap<>();
    for (Setting<?> setting : ALL) {
      Object value = read(settings, setting);
      if (value != null) {
        values.put(setting, value);
      }
    }
    ServerConfig config = new ServerConfig(values);
    config.checkCombinations();
    return config;
  }

  private static @Nullable Object read(Settings settings, Setting<?> setting) {
    Optional<String> text = settings.get(setting.name());
    if (text.isEmpty()) {
      return setting.defaultValue();
    }
    Object value = setting.kind().parse(text.get());
    if (value == null) {
      throw new ConfigException(settings.describe(setting.name()) + " must be " + setting.kind().rule()
          + ", not '" + setting.kind().quote(text.get()) + "'");
    }
    return value;
  }

  /** A name no setting has is refused, with the likely intended one; other commands' variables pass. */
  private static void refuseUnknown(Settings settings) {
    List<String> known = ALL.stream().map(Setting::name).toList();
    for (String name : settings.names().stream().sorted().toList()) {
      if (known.contains(name)) {
        continue;
      }
      Optional<String> meant = Spelling.suggest(name, known);
      Settings.Source source = settings.source(name);
      if (source == Settings.Source.ENVIRONMENT && meant.isEmpty()) {
        continue; // the environment is shared with the client commands (SIGNET_KEY_PASSPHRASE…)
      }
      String hint = meant.map(m -> switch (source) {
        case FLAG -> "did you mean --" + m + "? ";
        case ENVIRONMENT -> "did you mean " + ServerSettings.named(m).map(Setting::variable).orElse(m) + "? ";
        case FILE -> "did you mean " + m + "? ";
      }).orElse("");
      String spelling = source == Settings.Source.FILE
          ? "keys are spelled as the flags without their dashes: " + String.join(", ", known)
          : "see signet server --help";
      throw new ConfigException("unknown setting " + settings.describe(name) + ": " + hint + "(" + spelling + ")");
    }
  }

  private void checkCombinations() {
    if ((tlsCert() == null) != (tlsKey() == null)) {
      throw new ConfigException("--tls-cert and --tls-key go together: give both or neither");
    }
    if (masterKeyFile() != null && masterKey() != null) {
      throw new ConfigException("--master-key-file and --master-key (SIGNET_MASTER_KEY) are two ways to give one key: give one");
    }
    Duration publishAhead = signingKeyPublishAhead();
    if (publishAhead.compareTo(jwksMaxAge().plus(signingKeyRefresh())) < 0) {
      throw new ConfigException("--signing-key-publish-ahead (" + SIGNING_KEY_PUBLISH_AHEAD.show(publishAhead) + ") must be at least --jwks-max-age ("
          + JWKS_MAX_AGE.show(jwksMaxAge()) + ") plus --signing-key-refresh (" + SIGNING_KEY_REFRESH.show(signingKeyRefresh())
          + "): a new key must be in every cached JWKS before it signs");
    }
    Duration rotation = signingKeyRotation();
    if (!rotation.isZero() && rotation.compareTo(publishAhead) <= 0) {
      throw new ConfigException("--signing-key-rotation (" + SIGNING_KEY_ROTATION.show(rotation) + ") must be longer than --signing-key-publish-ahead ("
          + SIGNING_KEY_PUBLISH_AHEAD.show(publishAhead) + "), or 0 for no scheduled rotation");
    }
    String db = db();
    if (db != null && db.startsWith("jdbc:postgresql:") && redis() == null && !singleInstance()) {
      throw new ConfigException("--db PostgreSQL without --redis keeps nonces in this process only, so a token used on one"
          + " instance would be accepted again on another: give --redis redis://… (shared by every instance),"
          + " or --single-instance if this server is the only one");
    }
  }

  /**
   * The value of a setting that has a default (or was given).
   *
   * @throws IllegalStateException for an optional setting that was not given: use {@link #find}
   */
  public <T> T get(Setting<T> setting) {
    T value = find(setting);
    if (value == null) {
      throw new IllegalStateException(setting.name() + " is optional and was not given: use find()");
    }
    return value;
  }

  /** The value of a setting, null if it is optional and was not given. */
  @SuppressWarnings("unchecked") // values are put by from(), each parsed by its own setting's kind
  public <T> @Nullable T find(Setting<T> setting) {
    return (T) values.get(setting);
  }

  public String host() {
    return get(HOST);
  }

  public int port() {
    return get(PORT);
  }

  public Path dataDir() {
    return get(DATA_DIR);
  }

  /** JDBC URL; null means the embedded H2 file database under {@link #dataDir()}. */
  public @Nullable String db() {
    return find(DB);
  }

  public @Nullable String dbUser() {
    return find(DB_USER);
  }

  public @Nullable String dbPassword() {
    return find(DB_PASSWORD);
  }

  /** Redis URI of the shared replay store; null keeps nonces in memory. */
  public @Nullable URI redis() {
    return find(REDIS);
  }

  public boolean singleInstance() {
    return get(SINGLE_INSTANCE);
  }

  /** The issuer; null means {@code http(s)://host:port} as bound. */
  public @Nullable URI issuer() {
    return find(ISSUER);
  }

  public @Nullable Path adminKey() {
    return find(ADMIN_KEY);
  }

  public @Nullable Path tlsCert() {
    return find(TLS_CERT);
  }

  public @Nullable Path tlsKey() {
    return find(TLS_KEY);
  }

  /** Whether https is served. */
  public boolean tls() {
    return tlsCert() != null;
  }

  public String managementHost() {
    return get(MANAGEMENT_HOST);
  }

  /** The management listener's port; null when there is none. */
  public @Nullable Integer managementPort() {
    return find(MANAGEMENT_PORT);
  }

  public String cryptoProvider() {
    return get(CRYPTO_PROVIDER);
  }

  public Duration clockSkew() {
    return get(CLOCK_SKEW);
  }

  public Duration maxTokenLifetime() {
    return get(MAX_TOKEN_LIFETIME);
  }

  public Duration keyCacheTtl() {
    return get(KEY_CACHE_TTL);
  }

  public Duration keyCacheStaleIfError() {
    return get(KEY_CACHE_STALE_IF_ERROR);
  }

  public Duration enrollmentTtl() {
    return get(ENROLLMENT_TTL);
  }

  public long maxBodyBytes() {
    return get(MAX_BODY_SIZE);
  }

  public int maxHeaderBytes() {
    return Math.toIntExact(get(MAX_HEADER_SIZE));
  }

  public Duration shutdownTimeout() {
    return get(SHUTDOWN_TIMEOUT);
  }

  public Set<Binding> requireBinding() {
    return get(REQUIRE_BINDING);
  }

  public List<String> jwksAllowPrivateHosts() {
    return get(JWKS_ALLOW_PRIVATE_HOSTS);
  }

  public @Nullable Path masterKeyFile() {
    return find(MASTER_KEY_FILE);
  }

  public @Nullable String masterKey() {
    return find(MASTER_KEY);
  }

  public dev.signet.Algorithm signingAlg() {
    return get(SIGNING_ALG);
  }

  public int signingKeySize() {
    return get(SIGNING_KEY_SIZE);
  }

  /** {@link Duration#ZERO} when scheduled rotation is off. */
  public Duration signingKeyRotation() {
    return get(SIGNING_KEY_ROTATION);
  }

  public Duration signingKeyPublishAhead() {
    return get(SIGNING_KEY_PUBLISH_AHEAD);
  }

  public Duration signingKeyRefresh() {
    return get(SIGNING_KEY_REFRESH);
  }

  public Duration jwksMaxAge() {
    return get(JWKS_MAX_AGE);
  }

  public Duration accessTokenLifetime() {
    return get(ACCESS_TOKEN_LIFETIME);
  }

  /** Other base URLs besides the issuer that request tokens' {@code htu} may name. */
  public List<URI> publicUrls() {
    return get(PUBLIC_URL);
  }

  public List<String> trustedProxies() {
    return get(TRUSTED_PROXIES);
  }

  public int maxKeysPerPrincipal() {
    return get(MAX_KEYS_PER_PRINCIPAL);
  }

  public Duration auditRetention() {
    return get(AUDIT_RETENTION);
  }

  public String logLevel() {
    return get(LOG_LEVEL);
  }

  /** Every setting as {@code name=value} on one line, in table order, values as a user writes them, secrets masked. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    for (Setting<?> setting : ALL) {
      out.append(out.isEmpty() ? "" : " ").append(setting.name()).append('=').append(shown(setting));
    }
    return out.toString();
  }

  private <T> String shown(Setting<T> setting) {
    return setting.show(find(setting));
  }

  @Override
  public String toString() {
    return "ServerConfig[" + describe() + "]";
  }
}
