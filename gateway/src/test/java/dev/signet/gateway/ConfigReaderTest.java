package dev.signet.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigReaderTest {
  static final String BASE = """
      listen: 127.0.0.1:8081
      issuers:
        - {issuer: http://127.0.0.1:8080, jwks_uri: http://127.0.0.1:8080/.well-known/jwks.json}
      routes:
        - path: /orders
          upstream: http://127.0.0.1:9000
          audience: orders-api
          scopes: [orders:read]
          methods: [GET, POST]
          auth: access-token
          rate_limit: {requests: 100, per: 1s}
      """;

  static GatewayConfig parse(String yaml) {
    return ConfigReader.parse(yaml, Path.of("."));
  }

  @Test
  void parse_specExample_readsEverySetting() {
    GatewayConfig config = parse(BASE);

    assertThat(config.listen()).isEqualTo(new GatewayConfig.HostPort("127.0.0.1", 8081));
    GatewayConfig.Route route = config.routes().getFirst();
    assertThat(route.auth()).isEqualTo(GatewayConfig.Auth.ACCESS_TOKEN);
    assertThat(route.scopes()).containsExactly("orders:read");
    assertThat(route.methods()).containsExactlyInAnyOrder("GET", "POST");
    assertThat(route.rateLimit()).isEqualTo(new GatewayConfig.RateLimit(100, Duration.ofSeconds(1)));
    assertThat(route.forwardAuthorization()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "methods: [GET, POST]|decrypt: true|routes[0].decrypt is true but encryption_key is not configured",
      "methods: [GET, POST]|decrypt: maybe|routes[0].decrypt must be true or false",
      "listen: 127.0.0.1:8081|listen: nowhere|listen must be HOST:PORT: 'nowhere'",
      "listen: 127.0.0.1:8081|listen: 127.0.0.1:70000|listen port must be 0-65535",
      "upstream: http://127.0.0.1:9000|upstream: ftp://x|routes[0].upstream must be an absolute http(s) URL: 'ftp://x'",
      "auth: access-token|auth: magic|routes[0].auth must be access-token, request-token, introspection or none: 'magic'",
      "per: 1s|per: soon|routes[0].rate_limit.per must be a duration",
      "requests: 100|requests: -1|routes[0].rate_limit.requests must be a positive whole number: -1",
      "methods: [GET, POST]|methods: [GET, BREW]|routes[0].methods[1] must be one of",
      "path: /orders|path: orders|routes[0].path must be a plain path",
      "path: /orders|path: /orders/../admin|routes[0].path must be a plain path",
      "audience: orders-api|audiense: orders-api|routes[0].audiense is not a known field",
      "jwks_uri: http://127.0.0.1:8080/.well-known/jwks.json|jwks_uri: not a url|issuers[0].jwks_uri",
  })
  void parse_badValue_errorNamesTheField(String from, String to, String message) {
    assertThatThrownBy(() -> parse(BASE.replace(from, to))).isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }

  @Test
  void parse_accessTokenRouteWithoutIssuers_refused() {
    String yaml = "listen: 127.0.0.1:0\nroutes:\n  - {path: /a, upstream: http://127.0.0.1:9, auth: access-token}\n";

    assertThatThrownBy(() -> parse(yaml)).hasMessage("routes[0].auth needs at least one entry in issuers");
  }

  @Test
  void parse_claimHeaderOutsideXJwt_refused() {
    String yaml = BASE + "    claim_headers: {X-User: sub}\n";

    assertThatThrownBy(() -> parse(yaml)).hasMessageContaining("routes[0].claim_headers header names must start with X-JWT-");
  }

  @Test
  void parse_unreadableEncryptionKey_refused() {
    String yaml = "encryption_key: /nonexistent/gateway-enc.pem\n" + BASE;

    assertThatThrownBy(() -> parse(yaml)).hasMessageStartingWith("encryption_key is not a readable file");
  }

  @Test
  void parse_samePathTwice_refused() {
    String yaml = BASE + "  - {path: /orders, upstream: http://127.0.0.1:9001, auth: none}\n";

    assertThatThrownBy(() -> parse(yaml)).hasMessage("routes[1].path appears twice: /orders");
  }

  @Test
  void parse_notYaml_refused() {
    assertThatThrownBy(() -> parse("listen: [unclosed")).isInstanceOf(ConfigException.class).hasMessageStartingWith("not valid YAML");
  }

  @Test
  void parse_secretNeverInToString() {
    String yaml = BASE.replace("jwks_uri: http://127.0.0.1:8080/.well-known/jwks.json}",
        "jwks_uri: http://127.0.0.1:8080/.well-known/jwks.json, introspection: {endpoint: http://127.0.0.1:8080/oauth/introspect, client_id: gw, client_secret: s3cr3t}}");

    assertThat(parse(yaml).toString()).doesNotContain("s3cr3t").contains("client_id=gw");
  }

  // gh-16: request-token keys from a Signet server's registry
  static final String REGISTRY = """
      listen: 127.0.0.1:8081
      request_tokens:
        registry: {url: http://127.0.0.1:8080, principal: gateway, key_file: KEY, cache_ttl: 10s}
      routes:
        - {path: /orders, upstream: http://127.0.0.1:9000, auth: request-token}
      """;

  static String registry(Path key, String from, String to) {
    return REGISTRY.replace(from, to).replace("KEY", key.toString());
  }

  @Test
  void parse_registry_readsEverySettingWithDefaults(@TempDir Path dir) throws Exception {
    Path key = Files.writeString(dir.resolve("gateway.pem"), "not read here");

    GatewayConfig.Registry r = parse(registry(key, "", "")).requestTokens().registry();

    assertThat(r).isEqualTo(new GatewayConfig.Registry(java.net.URI.create("http://127.0.0.1:8080"), "gateway", key, null,
        Duration.ofSeconds(10), Duration.ofMinutes(5), 60));
    assertThat(parse(registry(key, "", "")).requestTokens().keys()).isEmpty();
  }

  @ParameterizedTest(name = "{2}")
  @CsvSource(delimiter = '|', value = {
      "url: http://127.0.0.1:8080|url: http://registry.internal:8080"
          + "|request_tokens.registry.url must use https unless the host is loopback (the gateway sends its credentials there)",
      "url: http://127.0.0.1:8080|url: ftp://127.0.0.1|request_tokens.registry.url must be an absolute http(s) URL: 'ftp://127.0.0.1'",
      "principal: gateway|principal: 'gate way'|request_tokens.registry.principal must be 1-64 of [A-Za-z0-9._@-]: 'gate way'",
      "principal: gateway, |''|request_tokens.registry.principal is required",
      "key_file: KEY|key_file: /nonexistent/gateway.pem|request_tokens.registry.key_file is not a readable file",
      "cache_ttl: 10s|cache_ttl: 2h|request_tokens.registry.cache_ttl must be at most 1h: '2h'",
      "cache_ttl: 10s|cache_ttl: 0s|request_tokens.registry.cache_ttl must be positive: '0s'",
      "cache_ttl: 10s|stale_if_error: 2d|request_tokens.registry.stale_if_error must be a duration",
      "cache_ttl: 10s|max_fetches_per_minute: 601|request_tokens.registry.max_fetches_per_minute must be 1 to 600: 601",
      "cache_ttl: 10s|max_fetches_per_minute: 0|request_tokens.registry.max_fetches_per_minute must be a positive whole number: 0",
      "cache_ttl: 10s|cache_tll: 10s|request_tokens.registry.cache_tll is not a known field",
      "'registry: {url: http://127.0.0.1:8080, principal: gateway, key_file: KEY, cache_ttl: 10s}'|audience: x"
          + "|request_tokens needs keys (files), registry (a Signet server), or both",
  })
  void parse_badRegistry_errorNamesTheField(String from, String to, String message, @TempDir Path dir) throws Exception {
    Path key = Files.writeString(dir.resolve("gateway.pem"), "not read here");

    assertThatThrownBy(() -> parse(registry(key, from, to))).isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }
}
