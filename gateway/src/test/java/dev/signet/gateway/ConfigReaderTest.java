package dev.signet.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

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
}
