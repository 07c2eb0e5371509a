package dev.signet.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.examples.testing.Http;
import dev.signet.examples.testing.TestIssuer;
import dev.signet.testing.TestKeys;
import dev.signet.web.Identity;
import jakarta.servlet.http.HttpServletRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Without Spring Security's web support (here its auto-configuration excluded, as when it is not
 * on the classpath), the starter's {@code SignetFilter} protects every path on a real port.
 */
@SpringBootTest(classes = PlainServletHttpTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.autoconfigure.exclude=org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
        + "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
        + "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
    "signet.audience=orders-api", "signet.public-paths=/health", "signet.routes[0].path=/orders", "signet.routes[0].scopes=orders:read"})
class PlainServletHttpTest {
  static final TestIssuer issuer = TestIssuer.start(TestKeys.of(Algorithm.ES384, "plain-issuer"));

  @LocalServerPort int port;

  @DynamicPropertySource
  static void signet(DynamicPropertyRegistry properties) {
    properties.add("signet.issuer", issuer::issuer);
  }

  private HttpResponse<String> get(String path, String... headers) {
    return Http.at(port).get(path, headers);
  }

  @Test
  void get_validToken_servedWithTheIdentityAsArgumentAndUserPrincipal() throws Exception {
    HttpResponse<String> response = get("/orders", "Authorization", "Bearer " + issuer.accessToken("svc", "orders-api", "orders:read"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("svc [orders:read] user=svc");
  }

  @Test
  void get_noToken_401() throws Exception {
    HttpResponse<String> response = get("/orders");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer error=\"invalid_token\"",
        "DPoP algs=\"RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512\", error=\"invalid_token\"");
    assertThat(response.body()).isEqualTo("{\"error\":\"invalid_token\"}");
  }

  @Test
  void get_tokenWithoutTheRoutesScope_403NamingIt() throws Exception {
    HttpResponse<String> response = get("/orders", "Authorization", "Bearer " + issuer.accessToken("svc", "orders-api", "other"));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer error=\"insufficient_scope\", scope=\"orders:read\"");
  }

  @Test
  void get_publicPath_servedWithoutAToken() throws Exception {
    assertThat(get("/health").body()).isEqualTo("ok");
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(App.Routes.class)
  static class App {
    @RestController
    static class Routes {
      @GetMapping("/health")
      String health() {
        return "ok";
      }

      @GetMapping("/orders")
      String orders(Identity who, HttpServletRequest request) {
        return who.principal() + " " + who.scopes() + " user=" + request.getUserPrincipal().getName();
      }
    }
  }
}
