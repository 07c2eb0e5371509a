package dev.signet.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    Path yaml = Files.writeString(dir.resolve("signet.yaml"), "port: -1\n");

    assertRefused(Map.of(), Map.of("SIGNET_PORT", "99999"), "SIGNET_PORT must be a whole number from 0 to 65535, not '99999'");
    assertRefused(Map.of("port", "eighty"), Map.of(), "--port must be a whole number from 0 to 65535, not 'eighty'");
    assertRefused(Map.of("port", "99999999999999999999"), Map.of(),
        "--port must be a whole number from 0 to 65535, not '99999999999999999999'");
    assertRefused(Map.of("config", yaml.toString()), Map.of(), "port in " + yaml + " must be a whole number from 0 to 65535, not '-1'");
    assertRefused(Map.of("clock-skew", "10 minutes"), Map.of(),
        "--clock-skew must be a duration from PT0S to PT5M (like 20s, 500ms, 15m), not '10 minutes'");
    assertRefused(Map.of(), Map.of("SIGNET_CLOCK_SKEW", "6m"),
        "SIGNET_CLOCK_SKEW must be a duration from PT0S to PT5M (like 20s, 500ms, 15m), not '6m'");
    assertRefused(Map.of("max-token-lifetime", "0s"), Map.of(),
        "--max-token-lifetime must be a duration from PT1S to PT1H (like 20s, 500ms, 15m), not '0s'");
    assertRefused(Map.of("key-cache-ttl", "99999999999999999999s"), Map.of(),
        "--key-cache-ttl must be a duration from PT0S to PT10M (like 20s, 500ms, 15m), not '99999999999999999999s'");
    assertRefused(Map.of("enrollment-ttl", "999999999999999d"), Map.of(),
        "--enrollment-ttl must be a duration from PT1M to PT168H (like 20s, 500ms, 15m), not '999999999999999d'");
    assertRefused(Map.of("max-body-size", "10"), Map.of(),
        "--max-body-size must be a size from 1024 to 16777216 bytes (like 64KiB), not '10'");
    assertRefused(Map.of("max-header-size", "1GB"), Map.of(),
        "--max-header-size must be a size from 1024 to 65536 bytes (like 64KiB), not '1GB'");
    assertRefused(Map.of("redis", "http://cache:6379"), Map.of(), "--redis must be an absolute redis or rediss URL, not 'http://cache:6379'");
    assertRefused(Map.of("issuer", "auth.example"), Map.of(), "--issuer must be an absolute http or https URL, not 'auth.example'");
    assertRefused(Map.of("db", "mysql://app:hunter2@db/signet"), Map.of(),
        "--db must be a jdbc:postgresql://… or jdbc:h2:… URL, not 'mysql://app:****@db/signet'");
    assertRefused(Map.of("admin-key", dir.resolve("nope.pub").toString()), Map.of(),
        "--admin-key must name a readable file, not '" + dir.resolve("nope.pub") + "'");
    assertRefused(Map.of("admin-key", dir.toString()), Map.of(), "--admin-key must name a readable file, not '" + dir + "'");
    assertRefused(Map.of("crypto-provider", "bc"), Map.of(), "--crypto-provider must be one of [auto, accp, jdk], not 'bc'");
    assertRefused(Map.of(), Map.of("SIGNET_LOG_LEVEL", "loud"), "SIGNET_LOG_LEVEL must be one of [trace, debug, info, warn, error, off], not 'loud'");
    assertRefused(Map.of("require-binding", "htm,body"), Map.of(), "--require-binding must list claims from htm, htu, qsh, bsh, not 'body'");
    assertRefused(Map.of("tls-key", yaml.toString()), Map.of(), "--tls-cert and --tls-key go together: give both or neither");
    assertRefused(Map.of("public-url", "https://gw.example/auth?x=1"), Map.of(),
        "--public-url must list absolute http or https base URLs without query, fragment or user info, not 'https://gw.example/auth?x=1'");
    assertRefused(Map.of("public-url", "gw.example"), Map.of(),
        "--public-url must list absolute http or https base URLs without query, fragment or user info, not 'gw.example'");
    assertRefused(Map.of("trusted-proxies", "10.0.0.0/8,proxy.internal"), Map.of(),
        "--trusted-proxies: 'proxy.internal' is not an IP address or CIDR range (like 10.0.0.0/8 or fd00::/8)");
    assertRefused(Map.of("max-keys-per-principal", "0"), Map.of(), "--max-keys-per-principal must be a whole number from 1 to 1000, not '0'");
    assertRefused(Map.of("audit-retention", "1h"), Map.of(),
        "--audit-retention must be a duration from PT24H to PT876000H (like 20s, 500ms, 15m), not '1h'");
  }

  @Test
  void describe_secrets_masked() {
    ServerConfig c = ServerConfig.from(Settings.from(Map.of(
        "db", "jdbc:postgresql://db/signet?user=app&password=hunter2",
        "db-password", "correct-horse",
        "redis", "redis://:s3cret@cache:6379"), Map.of()));
    ServerConfig userinfo = ServerConfig.from(Settings.from(Map.of("db", "jdbc:postgresql://app:hunter2@db/signet"), Map.of()));
    ServerConfig barePassword = ServerConfig.from(Settings.from(Map.of("redis", "rediss://s3cret@cache:6380/0"), Map.of()));

    assertThat(c.describe())
        .contains("db=jdbc:postgresql://db/signet?user=app&password=****")
        .contains("db-password=****")
        .contains("redis=redis://:****@cache:6379")
        .doesNotContain("hunter2", "correct-horse", "s3cret");
    assertThat(c.toString()).isEqualTo("ServerConfig[" + c.describe() + "]");
    assertThat(userinfo.describe()).contains("db=jdbc:postgresql://app:****@db/signet").doesNotContain("hunter2");
    assertThat(barePassword.describe()).contains("redis=rediss://****@cache:6380/0").doesNotContain("s3cret");
    ServerConfig slashInPassword = ServerConfig.from(Settings.from(Map.of("db", "jdbc:postgresql://app:pa/ss@db/signet"), Map.of()));
    assertThat(slashInPassword.describe()).contains("db=jdbc:postgresql://app:****@db/signet").doesNotContain("pa/ss", "ss@");
    assertThat(UrlRedaction.redact("redis://:p@ss@cache:6379")).isEqualTo("redis://:****@cache:6379");
    assertThat(UrlRedaction.redact("redis://:pa/ss@cache")).isEqualTo("redis://:****@cache");
    assertThat(UrlRedaction.redact("jdbc:postgresql://db/x?user=a&password=p@ss/word")).isEqualTo("jdbc:postgresql://db/x?user=a&password=****");
    assertThat(UrlRedaction.redact("jdbc:postgresql://db:5432/signet")).isEqualTo("jdbc:postgresql://db:5432/signet");
  }

  @Test
  void describe_defaults_oneLineForTheLog() {
    assertThat(ServerConfig.defaults().describe()).startsWith("host=127.0.0.1 port=8080 data-dir=")
        .contains(" db=embedded H2 in data-dir ", " redis=none (nonces in memory) ", " issuer=(base URL) ", " tls=off ")
        .doesNotContain("\n");
  }

  private static void assertRefused(Map<String, String> flags, Map<String, String> environment, String message) {
    assertThatThrownBy(() -> ServerConfig.from(Settings.from(flags, environment)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(message);
  }
}
