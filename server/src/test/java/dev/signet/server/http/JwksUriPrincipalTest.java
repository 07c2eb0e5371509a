package dev.signet.server.http;

import static dev.signet.server.http.HttpAssertions.assertBadRequest;
import static dev.signet.server.http.HttpAssertions.assertInvalidToken;
import static dev.signet.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.signet.SigningKey;
import dev.signet.VerificationKey;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient.Response;
import dev.signet.server.testing.ApiClient;
import dev.signet.server.testing.Backend;
import dev.signet.testing.SelfSignedCertificate;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Principals that publish their keys at a {@code jwks_uri} instead of uploading them. The registry
 * takes https URIs only; the server refuses to fetch from loopback and private addresses unless
 * {@code --jwks-allow-private-hosts} lists the host (no SSRF into its own network).
 *
 * <p>The JWKS is served over https on 127.0.0.1 with a self-signed certificate. The server's
 * fetcher uses the JVM's default TLS context, so for this class that default is replaced by one
 * that trusts the test certificate, and restored afterwards (surefire runs test classes one at a
 * time in this JVM). Not covered: a real public host, DNS names that resolve to private
 * addresses other than {@code localhost}, and redirects (RemoteJwks' own tests cover those).
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(Backend.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwksUriPrincipalTest {
  static final SigningKey PUBLISHED = SigningKey.generateEd25519().withKid("published-1");

  final AtomicInteger fetches = new AtomicInteger();
  @Parameter Backend backend;
  SelfSignedCertificate certificate;
  HttpsServer jwks;
  SSLContext previousDefault;
  String jwksUri;

  @BeforeParameterizedClassInvocation
  void startJwksServer(Backend on) throws IOException, NoSuchAlgorithmException {
    certificate = SelfSignedCertificate.create();
    jwks = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    jwks.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
    byte[] document = VerificationKey.toJwks(List.of(PUBLISHED.publicKey())).getBytes(StandardCharsets.UTF_8);
    jwks.createContext("/jwks.json", exchange -> {
      fetches.incrementAndGet();
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, document.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(document);
      }
    });
    jwks.start();
    jwksUri = "https://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json";
    previousDefault = SSLContext.getDefault();
    SSLContext.setDefault(certificate.trustingContext());
  }

  @AfterParameterizedClassInvocation
  void stopJwksServer() {
    SSLContext.setDefault(previousDefault);
    jwks.stop(0);
  }

  @Test
  void createPrincipal_plainHttpJwksUri_400() {
    try (TestServer server = TestServer.builder().backend(backend).start()) {
      Response response = server.admin().post("/admin/principals", json("name", "orders", "jwks_uri", "http://keys.example/jwks.json"));

      assertBadRequest(response, "jwks_uri must be an absolute https URI of at most 2048 characters: 'http://keys.example/jwks.json'");
      assertBadRequest(server.admin().post("/admin/principals", json("name", "orders", "jwks_uri", "file:///etc/passwd")),
          "jwks_uri must be an absolute https URI of at most 2048 characters: 'file:///etc/passwd'");
    }
  }

  @Test
  void request_jwksUriOnLoopbackNotAllowed_refusedWithoutFetching() {
    try (TestServer server = TestServer.builder().backend(backend).start()) {
      int before = fetches.get();
      for (String uri : List.of(jwksUri, jwksUri.replace("127.0.0.1", "localhost"))) {
        server.admin().post("/admin/principals", json("name", "orders", "jwks_uri", uri));

        Response response = server.as("orders", PUBLISHED).get("/whoami");

        assertThat(response.status()).as("status of %s", response).isEqualTo(503);
        assertThat(response.body()).isEqualTo("{\"error\":\"temporarily_unavailable\"}");
        server.admin().delete("/admin/principals/orders");
      }
      assertThat(fetches.get()).isEqualTo(before);
    }
  }

  @Test
  void request_jwksUriOnAnAllowListedHost_keysFetchedAndAccepted() {
    try (TestServer server = TestServer.builder().backend(backend).setting("jwks-allow-private-hosts", "127.0.0.1").start()) {
      assertThat(server.admin().post("/admin/principals", json("name", "orders", "jwks_uri", jwksUri)).status()).isEqualTo(201);
      ApiClient orders = server.as("orders", PUBLISHED);

      Response whoami = orders.get("/whoami");

      assertThat(whoami.status()).isEqualTo(200);
      assertThat(whoami.json().path("kid").asText()).isEqualTo("published-1");
      assertThat(orders.standard(server.issuer()).bound().get("/whoami").status()).isEqualTo(200);
      assertThat(fetches.get()).isPositive();
      assertInvalidToken(server.as("orders", SigningKey.generateEd25519().withKid("published-1")).get("/whoami"));
    }
  }
}
