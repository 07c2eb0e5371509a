package dev.signet.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Algorithm;
import dev.signet.Binding;
import dev.signet.server.storage.UrlRedaction;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every setting's default, parsing and error message; secrets masked in the effective-configuration line. */
class ServerConfigTest {
  @TempDir Path dir;

  @Test
  void defaults_asSpecified() {
    ServerConfig c = ServerConfig.defaults();

    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.dataDir()).isEqualTo(Path.of("signet-data"));
    assertThat(c.db()).isNull();
    assertThat(c.redis()).isNull();
    assertThat(c.issuer()).isNull();
    assertThat(c.tls()).isFalse();
    assertThat(c.cryptoProvider()).isEqualTo("auto");
    assertThat(c.clockSkew()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.maxTokenLifetime()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.keyCacheTtl()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.enrollmentTtl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.maxBodyBytes()).isEqualTo(64 * 1024);
    assertThat(c.maxHeaderBytes()).isEqualTo(8 * 1024);
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.requireBinding()).isEmpty();
    assertThat(c.jwksAllowPrivateHosts()).isEmpty();
    assertThat(c.logLevel()).isEqualTo("info");
    assertThat(c.keyCacheStaleIfError()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.managementPort()).isNull();
    assertThat(c.managementHost()).isEqualTo("127.0.0.1");
    assertThat(c.singleInstance()).isFalse();
    assertThat(c.publicUrls()).isEmpty();
    assertThat(c.trustedProxies()).isEmpty();
    assertThat(c.maxKeysPerPrincipal()).isEqualTo(32);
    assertThat(c.auditRetention()).isEqualTo(Duration.ofDays(90));
  }

  @Test
  void from_everySettingGiven_parsed() throws IOException {
    Path key = Files.writeString(dir.resolve("admin.pub"), "x");
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("host", "0.0.0.0");
    flags.put("port", "0");
    flags.put("data-dir", "/var/lib/signet");
    flags.put("db", "jdbc:postgresql://db:5432/signet");
    flags.put("db-user", "signet");
    flags.put("db-password", "hunter2");
    flags.put("redis", "rediss://:pw@cache:6380/2");
    flags.put("issuer", "https://auth.example");
    flags.put("admin-key", key.toString());
    flags.put("crypto-provider", "JDK");
    flags.put("clock-skew", "500ms");
    flags.put("max-token-lifetime", "PT30S");
    flags.put("key-cache-ttl", "1m");
    flags.put("enrollment-ttl", "2h");
    flags.put("max-body-size", "1MiB");
    flags.put("max-header-size", "16k");
    flags.put("shutdown-timeout", "0s");
    flags.put("require-binding", "htm, HTU bsh");
    flags.put("jwks-allow-private-hosts", "127.0.0.1,keys.internal");
    flags.put("log-level", "DEBUG");
    flags.put("key-cache-stale-if-error", "0");
    flags.put("management-host", "0.0.0.0");
    flags.put("management-port", "9000");
    flags.put("single-instance", "true");
    flags.put("public-url", "http://localhost:8080,https://gw.example/auth");
    flags.put("trusted-proxies", "10.0.0.0/8, ::1");
    flags.put("max-keys-per-principal", "5");
    flags.put("audit-retention", "30d");

    ServerConfig c = ServerConfig.from(Settings.from(flags, Map.of()));

    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.port()).isZero();
    assertThat(c.db()).isEqualTo("jdbc:postgresql://db:5432/signet");
    assertThat(c.dbUser()).isEqualTo("signet");
    assertThat(c.dbPassword()).isEqualTo("hunter2");
    assertThat(c.redis()).isEqualTo(URI.create("rediss://:pw@cache:6380/2"));
    assertThat(c.issuer()).isEqualTo(URI.create("https://auth.example"));
    assertThat(c.adminKey()).isEqualTo(key);
    assertThat(c.cryptoProvider()).isEqualTo("jdk");
    assertThat(c.clockSkew()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.maxTokenLifetime()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.keyCacheTtl()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.enrollmentTtl()).isEqualTo(Duration.ofHours(2));
    assertThat(c.maxBodyBytes()).isEqualTo(1024 * 1024);
    assertThat(c.maxHeaderBytes()).isEqualTo(16 * 1024);
    assertThat(c.shutdownTimeout()).isZero();
    assertThat(c.requireBinding()).isEqualTo(Set.of(Binding.HTM, Binding.HTU, Binding.BSH));
    assertThat(c.jwksAllowPrivateHosts()).containsExactly("127.0.0.1", "keys.internal");
    assertThat(c.logLevel()).isEqualTo("debug");
    assertThat(c.keyCacheStaleIfError()).isZero();
    assertThat(c.managementHost()).isEqualTo("0.0.0.0");
    assertThat(c.managementPort()).isEqualTo(9000);
    assertThat(c.singleInstance()).isTrue();
    assertThat(c.publicUrls()).containsExactly(URI.create("http://localhost:8080"), URI.create("https://gw.example/auth"));
    assertThat(c.trustedProxies()).containsExactly("10.0.0.0/8", "::1");
    assertThat(c.maxKeysPerPrincipal()).isEqualTo(5);
    assertThat(c.auditRetention()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void from_logLevelInTheYamlFile_applied() throws IOException {
    Path yaml = Files.writeString(dir.resolve("levels.yaml"), "log-level: warn\n");

    assertThat(ServerConfig.from(Settings.from(Map.of("config", yaml.toString()), Map.of())).logLevel()).isEqualTo("warn");
    assertThat(ServerConfig.from(Settings.from(Map.of(), Map.of("SIGNET_LOG_LEVEL", "Error"))).logLevel()).isEqualTo("error");
  }

  @Test
  void from_badValues_messageNamesTheFlagVariableOrFileAndShowsTheValue() throws IOException {
    Path yaml = Files.writeString(dir.resolve("signet.yaml"), "host: 10.0.0.1\nport: -1\n");

    assertRefused(Map.of(), Map.of("SIGNET_PORT", "99999"), "SIGNET_PORT must be a whole number from 0 to 65535, not '99999'");
    assertRefused(Map.of("port", "eighty"), Map.of(), "--port must be a whole number from 0 to 65535, not 'eighty'");
    assertRefused(Map.of("port", "99999999999999999999"), Map.of(),
        "--port must be a whole number from 0 to 65535, not '99999999999999999999'");
    assertRefused(Map.of("config", yaml.toString()), Map.of(),
        "port in " + yaml + " (line 2) must be a whole number from 0 to 65535, not '-1'");
    assertRefused(Map.of("clock-skew", "10 minutes"), Map.of(),
        "--clock-skew must be a duration from 0s to 5m (like 20s, 500ms, 15m), not '10 minutes'");
    assertRefused(Map.of(), Map.of("SIGNET_CLOCK_SKEW", "6m"),
        "SIGNET_CLOCK_SKEW must be a duration from 0s to 5m (like 20s, 500ms, 15m), not '6m'");
    assertRefused(Map.of("max-token-lifetime", "0s"), Map.of(),
        "--max-token-lifetime must be a duration from 1s to 1h (like 20s, 500ms, 15m), not '0s'");
    assertRefused(Map.of("key-cache-ttl", "99999999999999999999s"), Map.of(),
        "--key-cache-ttl must be a duration from 0s to 10m (like 20s, 500ms, 15m), not '99999999999999999999s'");
    assertRefused(Map.of("key-cache-stale-if-error", "2h"), Map.of(),
        "--key-cache-stale-if-error must be a duration from 0s to 1h (like 20s, 500ms, 15m), not '2h'");
    assertRefused(Map.of("enrollment-ttl", "999999999999999d"), Map.of(),
        "--enrollment-ttl must be a duration from 1m to 7d (like 20s, 500ms, 15m), not '999999999999999d'");
    assertRefused(Map.of("max-body-size", "10"), Map.of(),
        "--max-body-size must be a size from 1KiB to 16MiB (like 64KiB), not '10'");
    assertRefused(Map.of("max-header-size", "1GB"), Map.of(),
        "--max-header-size must be a size from 1KiB to 64KiB (like 64KiB), not '1GB'");
    assertRefused(Map.of("redis", "http://cache:6379"), Map.of(), "--redis must be an absolute redis or rediss URL, not 'http://cache:6379'");
    assertRefused(Map.of("issuer", "auth.example"), Map.of(), "--issuer must be an absolute http or https URL, not 'auth.example'");
    assertRefused(Map.of("db", "mysql://app:hunter2@db/signet"), Map.of(),
        "--db must be a jdbc:postgresql://… or jdbc:h2:… URL, not 'mysql://app:****@db/signet'");
    assertRefused(Map.of("admin-key", dir.resolve("nope.pub").toString()), Map.of(),
        "--admin-key must be a readable file, not '" + dir.resolve("nope.pub") + "'");
    assertRefused(Map.of("admin-key", dir.toString()), Map.of(), "--admin-key must be a readable file, not '" + dir + "'");
    assertRefused(Map.of("crypto-provider", "bc"), Map.of(), "--crypto-provider must be auto, accp or jdk, not 'bc'");
    assertRefused(Map.of(), Map.of("SIGNET_LOG_LEVEL", "loud"), "SIGNET_LOG_LEVEL must be trace, debug, info, warn, error or off, not 'loud'");
    assertRefused(Map.of("require-binding", "htm,body"), Map.of(),
        "--require-binding must be a list of claims from htm, htu, qsh, bsh, not 'htm,body'");
    assertRefused(Map.of("single-instance", "yes"), Map.of(), "--single-instance must be true or false, not 'yes'");
    assertRefused(Map.of("management-port", "-1"), Map.of(), "--management-port must be a whole number from 0 to 65535, not '-1'");
    assertRefused(Map.of("tls-key", yaml.toString()), Map.of(), "--tls-cert and --tls-key go together: give both or neither");
    assertRefused(Map.of("public-url", "https://gw.example/auth?x=1"), Map.of(),
        "--public-url must be a list of absolute http or https base URLs without query, fragment or user info, not 'https://gw.example/auth?x=1'");
    assertRefused(Map.of("public-url", "gw.example"), Map.of(),
        "--public-url must be a list of absolute http or https base URLs without query, fragment or user info, not 'gw.example'");
    assertRefused(Map.of("trusted-proxies", "10.0.0.0/8,proxy.internal"), Map.of(),
        "--trusted-proxies must be a list of IP addresses and CIDR ranges (no host names), not '10.0.0.0/8,proxy.internal'");
    assertRefused(Map.of("max-keys-per-principal", "0"), Map.of(), "--max-keys-per-principal must be a whole number from 1 to 1000, not '0'");
    assertRefused(Map.of("audit-retention", "1h"), Map.of(),
        "--audit-retention must be a duration from 1d to 36500d (like 20s, 500ms, 15m), not '1h'");
  }

  @Test
  void from_postgresWithoutRedis_refusedUnlessSingleInstance() {
    String pg = "jdbc:postgresql://db:5432/signet";

    assertRefused(Map.of("db", pg), Map.of(), "--db PostgreSQL without --redis keeps nonces in this process only, so a token used on"
        + " one instance would be accepted again on another: give --redis redis://… (shared by every instance),"
        + " or --single-instance if this server is the only one");
    assertThat(ServerConfig.from(Settings.from(Map.of("db", pg, "single-instance", "true"), Map.of())).singleInstance()).isTrue();
    assertThat(ServerConfig.from(Settings.from(Map.of("db", pg), Map.of("SIGNET_SINGLE_INSTANCE", "true"))).db()).isEqualTo(pg);
    assertThat(ServerConfig.from(Settings.from(Map.of("db", pg, "redis", "redis://cache:6379"), Map.of())).redis()).isNotNull();
    assertThat(ServerConfig.from(Settings.from(Map.of("db", "jdbc:h2:mem:x"), Map.of())).db()).isEqualTo("jdbc:h2:mem:x");
  }

  @Test
  void signingKeySettings_defaults() {
    ServerConfig c = ServerConfig.defaults();

    assertThat(c.masterKeyFile()).isNull();
    assertThat(c.masterKey()).isNull();
    assertThat(c.signingAlg()).isEqualTo(Algorithm.RS256);
    assertThat(c.signingKeySize()).isEqualTo(2048);
    assertThat(c.signingKeyRotation()).isEqualTo(Duration.ofDays(30));
    assertThat(c.signingKeyPublishAhead()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.signingKeyRefresh()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.jwksMaxAge()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.accessTokenLifetime()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void signingKeySettings_given_parsed() throws IOException {
    Path master = Files.writeString(dir.resolve("master.key"), "x");
    ServerConfig c = ServerConfig.from(Settings.from(Map.of(
        "master-key-file", master.toString(), "signing-alg", "es256", "signing-key-size", "4096",
        "signing-key-rotation", "0", "signing-key-publish-ahead", "2s", "signing-key-refresh", "500ms",
        "jwks-max-age", "1s", "access-token-lifetime", "1h"), Map.of()));
    ServerConfig fromVariable = ServerConfig.from(Settings.from(Map.of(), Map.of("SIGNET_MASTER_KEY", "c2VjcmV0", "SIGNET_SIGNING_KEY_ROTATION", "off")));

    assertThat(c.masterKeyFile()).isEqualTo(master);
    assertThat(c.signingAlg()).isEqualTo(Algorithm.ES256);
    assertThat(c.signingKeySize()).isEqualTo(4096);
    assertThat(c.signingKeyRotation()).isZero();
    assertThat(c.signingKeyPublishAhead()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.signingKeyRefresh()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.jwksMaxAge()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.accessTokenLifetime()).isEqualTo(Duration.ofHours(1));
    assertThat(fromVariable.masterKey()).isEqualTo("c2VjcmV0");
    assertThat(fromVariable.signingKeyRotation()).isZero();
    assertThat(fromVariable.describe()).contains(" master-key=**** ", " signing-key-rotation=off ").doesNotContain("c2VjcmV0");
  }

  @Test
  void signingKeySettings_bad_refusedNamingTheSetting() throws IOException {
    Path master = Files.writeString(dir.resolve("master.key"), "x");

    assertRefused(Map.of("signing-alg", "HS256"), Map.of(),
        "--signing-alg must be RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA or Ed25519, not 'HS256'");
    assertRefused(Map.of("signing-key-size", "1024"), Map.of(), "--signing-key-size must be 2048, 3072 or 4096, not '1024'");
    assertRefused(Map.of("signing-key-rotation", "500ms"), Map.of(),
        "--signing-key-rotation must be 0 (off) or a duration from 1s to 3650d, not '500ms'");
    assertRefused(Map.of("signing-key-rotation", "10m"), Map.of(),
        "--signing-key-rotation (10m) must be longer than --signing-key-publish-ahead (15m), or 0 for no scheduled rotation");
    assertRefused(Map.of("jwks-max-age", "1h"), Map.of(),
        "--signing-key-publish-ahead (15m) must be at least --jwks-max-age (1h) plus --signing-key-refresh (10s):"
            + " a new key must be in every cached JWKS before it signs");
    assertRefused(Map.of("master-key-file", master.toString()), Map.of("SIGNET_MASTER_KEY", "c2VjcmV0"),
        "--master-key-file and --master-key (SIGNET_MASTER_KEY) are two ways to give one key: give one");
    assertRefused(Map.of("master-key-file", dir.resolve("none").toString()), Map.of(),
        "--master-key-file must be a readable file, not '" + dir.resolve("none") + "'");
    assertRefused(Map.of("access-token-lifetime", "2d"), Map.of(),
        "--access-token-lifetime must be a duration from 1s to 1d (like 20s, 500ms, 15m), not '2d'");
  }

  @Test
  void describe_secrets_masked() {
    ServerConfig c = ServerConfig.from(Settings.from(Map.of(
        "db", "jdbc:postgresql://db/signet?user=app&password=hunter2",
        "db-password", "correct-horse",
        "redis", "redis://:s3cret@cache:6379"), Map.of()));
    ServerConfig userinfo = ServerConfig.from(Settings.from(Map.of("db", "jdbc:postgresql://app:hunter2@db/signet", "single-instance", "true"),
        Map.of()));
    ServerConfig barePassword = ServerConfig.from(Settings.from(Map.of("redis", "rediss://s3cret@cache:6380/0"), Map.of()));

    assertThat(c.describe())
        .contains("db=jdbc:postgresql://db/signet?user=app&password=****")
        .contains("db-password=****")
        .contains("redis=redis://:****@cache:6379")
        .doesNotContain("hunter2", "correct-horse", "s3cret");
    assertThat(c.toString()).isEqualTo("ServerConfig[" + c.describe() + "]");
    assertThat(userinfo.describe()).contains("db=jdbc:postgresql://app:****@db/signet").doesNotContain("hunter2");
    assertThat(barePassword.describe()).contains("redis=rediss://****@cache:6380/0").doesNotContain("s3cret");
    ServerConfig slashInPassword = ServerConfig.from(Settings.from(Map.of("db", "jdbc:postgresql://app:pa/ss@db/signet",
        "single-instance", "true"), Map.of()));
    assertThat(slashInPassword.describe()).contains("db=jdbc:postgresql://app:****@db/signet").doesNotContain("pa/ss", "ss@");
    assertThat(UrlRedaction.redact("redis://:p@ss@cache:6379")).isEqualTo("redis://:****@cache:6379");
    assertThat(UrlRedaction.redact("redis://:pa/ss@cache")).isEqualTo("redis://:****@cache");
    assertThat(UrlRedaction.redact("jdbc:postgresql://db/x?user=a&password=p@ss/word")).isEqualTo("jdbc:postgresql://db/x?user=a&password=****");
    assertThat(UrlRedaction.redact("jdbc:postgresql://db:5432/signet")).isEqualTo("jdbc:postgresql://db:5432/signet");
  }

  @Test
  void describe_defaults_oneLineForTheLog() {
    assertThat(ServerConfig.defaults().describe()).startsWith("host=127.0.0.1 port=8080 data-dir=/")
        .contains(" db=embedded H2 in the data dir ", " redis=none (nonces in memory) ", " issuer=http://HOST:PORT as bound ",
            " tls-cert=off tls-key=off ", " management-port=off ")
        .doesNotContain("\n");
  }

  /** gh-13: the log printed PT20S and 65536 where users write 20s and 64KiB, and left settings out. */
  @Test
  void describe_valuesAsUsersWriteThem_everySettingOnce() {
    ServerConfig c = ServerConfig.from(Settings.from(Map.of("jwks-allow-private-hosts", "keys.internal,10.0.0.7",
        "require-binding", "htu,htm", "shutdown-timeout", "90s"), Map.of()));

    assertThat(c.describe()).contains(" clock-skew=20s ", " max-token-lifetime=1m ", " key-cache-ttl=2s ", " key-cache-stale-if-error=5m ",
        " enrollment-ttl=15m ", " max-body-size=64KiB ", " max-header-size=8KiB ", " shutdown-timeout=90s ",
        " require-binding=htm,htu ", " jwks-allow-private-hosts=keys.internal,10.0.0.7 ", " single-instance=false ")
        .endsWith(" log-level=info");
    for (Setting<?> setting : ServerSettings.ALL) {
      assertThat(c.describe().split(" " + setting.name() + "=", -1)).as(setting.name()).hasSizeLessThanOrEqualTo(2);
      assertThat(c.describe()).as(setting.name()).containsPattern("(^| )" + java.util.regex.Pattern.quote(setting.name()) + "=");
    }
  }

  private static void assertRefused(Map<String, String> flags, Map<String, String> environment, String message) {
    assertThatThrownBy(() -> ServerConfig.from(Settings.from(flags, environment)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(message);
  }
}
