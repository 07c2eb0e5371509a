package dev.signet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request-token route over {@code request_tokens.registry} (gh-16), the registry a small HTTP
 * server answering as Signet's registry API does; the real server is in {@code GatewayRegistryIT}.
 * Files win over the registry for the principals they name.
 */
class RegistryRouteTest {
  static final SigningKey GATEWAY = TestKeys.of(Algorithm.ES256, "route-gateway");
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "route-alice");
  static final SigningKey BOB = TestKeys.of(Algorithm.ES256, "route-bob");
  static final Map<String, String> answers = new ConcurrentHashMap<>();
  static final List<String> asked = new CopyOnWriteArrayList<>();
  static HttpServer registry;
  static Upstream upstream;
  static Gateway gateway;

  @BeforeAll
  static void start(@TempDir Path dir) throws IOException {
    registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    registry.createContext("/", exchange -> {
      try (exchange) {
        asked.add(exchange.getRequestURI().getPath());
        String body = answers.get(exchange.getRequestURI().getPath());
        int status = body == null ? 404 : body.equals("HTTP 500") ? 500 : 200;
        byte[] bytes = (status == 200 ? body : "{\"error\":\"x\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
      }
    });
    registry.start();
    answers.put("/admin/principals/alice", "{\"name\":\"alice\",\"enabled\":true}");
    answers.put("/admin/principals/alice/keys", "[{\"kid\":\"" + ALICE.kid() + "\",\"disabled\":false,\"jwk\":" + ALICE.publicKey().toJwk() + "}]");
    answers.put("/admin/principals/broken", "HTTP 500");
    answers.put("/admin/principals/bob", "{\"name\":\"bob\",\"enabled\":true}");
    answers.put("/admin/principals/bob/keys", "[{\"kid\":\"" + ALICE.kid() + "\",\"disabled\":false,\"jwk\":" + ALICE.publicKey().toJwk() + "}]");
    upstream = new Upstream();
    Files.writeString(dir.resolve("gateway.pem"), GATEWAY.toPem());
    Files.writeString(dir.resolve("bob.pem"), BOB.publicKey().toPem());
    gateway = Gateway.start(Fixture.write(dir, """
        listen: 127.0.0.1:0
        request_tokens:
          keys: {bob: bob.pem}
          registry: {url: http://127.0.0.1:%d, principal: gateway, key_file: gateway.pem}
        routes:
          - {path: /signed, upstream: %s, auth: request-token}
        """.formatted(registry.getAddress().getPort(), upstream.url())));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    upstream.close();
    registry.stop(0);
  }

  private static int get(String principal, SigningKey key) {
    String token = TestTokens.signedBy(key).standard(principal, gateway.uri().toString()).sign();
    return Fixture.get(URI.create(gateway.uri() + "/signed/x"), "Authorization", "JWT " + token).statusCode();
  }

  @Test
  void get_principalInTheRegistry_forwardedWithItsName() {
    assertThat(get("alice", ALICE)).isEqualTo(200);
    assertThat(upstream.last().header("X-JWT-Sub")).containsExactly("alice");
  }

  @Test
  void get_unknownOrWrongKey_401() {
    assertThat(get("mallory", ALICE)).isEqualTo(401);
    assertThat(get("alice", BOB)).isEqualTo(401);
  }

  @Test
  void get_principalWithAKeyFile_fileWinsRegistryNotAsked() {
    assertThat(get("bob", BOB)).isEqualTo(200);
    assertThat(get("bob", ALICE)).as("the registry's key for bob is not used").isEqualTo(401);
    assertThat(asked).noneMatch(path -> path.contains("bob"));
  }

  @Test
  void get_registryFailsForAPrincipalNeverSeen_503NotBlamedOnTheToken() {
    int before = upstream.count();

    assertThat(get("broken", ALICE)).isEqualTo(503);
    assertThat(upstream.count()).isEqualTo(before);
  }
}
