package dev.signet.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.DecryptionKey;
import dev.signet.JweEncrypter;
import dev.signet.KeyManagement;
import dev.signet.examples.testing.Http;
import dev.signet.examples.testing.TestIssuer;
import dev.signet.testing.TestKeys;
import dev.signet.web.Identity;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code signet.decryption.key-file} on a real port: the controller reads the plaintext of an authenticated caller's JWE. */
@SpringBootTest(classes = DecryptingHttpTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.autoconfigure.exclude=org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
        + "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
        + "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
    "signet.audience=orders-api"})
class DecryptingHttpTest {
  static final TestIssuer issuer = TestIssuer.start(TestKeys.of(Algorithm.ES256, "decrypting-issuer"));
  static final DecryptionKey KEY = DecryptionKey.generate(KeyManagement.ECDH_ES);

  @LocalServerPort int port;

  @DynamicPropertySource
  static void signet(DynamicPropertyRegistry properties) {
    properties.add("signet.issuer", issuer::issuer);
    properties.add("signet.decryption.key-file", DecryptingHttpTest::keyFile);
  }

  private static String keyFile() {
    try {
      Path file = Files.createTempFile("signet-enc", ".pem");
      file.toFile().deleteOnExit();
      Files.writeString(file, KEY.toPem());
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse<String> post(String body) throws Exception {
    return Http.at(port).send("POST", "/echo", body, "Content-Type", "application/jose",
        "Authorization", "Bearer " + issuer.accessToken("svc", "orders-api", ""));
  }

  @Test
  void post_jwe_controllerReadsThePlaintext() throws Exception {
    String jwe = JweEncrypter.builder(KEY.encryptionKey()).compress().build()
        .encrypt("{\"card\":\"4111\"}".getBytes(StandardCharsets.UTF_8), "application/json");

    HttpResponse<String> response = post(jwe);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("svc|application/json|{\"card\":\"4111\"}");
  }

  @Test
  void post_jweToAnotherKey_400InvalidRequest() throws Exception {
    String jwe = JweEncrypter.builder(DecryptionKey.generate(KeyManagement.ECDH_ES).encryptionKey()).build()
        .encrypt("{}".getBytes(StandardCharsets.UTF_8));

    HttpResponse<String> response = post(jwe);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("{\"error\":\"invalid_request\"}");
  }

  @Test
  void post_withoutToken_401BeforeAnyDecryption() throws Exception {
    String jwe = JweEncrypter.builder(KEY.encryptionKey()).build().encrypt("{}".getBytes(StandardCharsets.UTF_8));

    HttpResponse<String> response = Http.at(port).send("POST", "/echo", jwe, "Content-Type", "application/jose");

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(App.Routes.class)
  static class App {
    @RestController
    static class Routes {
      @PostMapping("/echo")
      String echo(Identity who, HttpServletRequest request, @RequestBody String body) {
        return who.principal() + "|" + request.getContentType() + "|" + body;
      }
    }
  }
}
