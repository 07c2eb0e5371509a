package dev.signet.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.signet.Algorithm;
import dev.signet.Binding;
import dev.signet.InMemoryPrincipalKeys;
import dev.signet.RequestContext;
import dev.signet.RequestTokenVerifier;
import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import dev.signet.Verification;
import dev.signet.VerificationKey;
import dev.signet.testing.TestKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registry client (gh-16) against a real HTTP server standing for Signet's registry API: what
 * it asks with which credentials, and how it reads (or refuses) the answers.
 */
class RegistryClientTest {
  static final SigningKey GATEWAY = TestKeys.of(Algorithm.ES256, "registry-gateway");
  static final VerificationKey ALICE = TestKeys.of(Algorithm.ES256, "registry-alice").publicKey();
  static final VerificationKey OLD = TestKeys.of(Algorithm.EdDSA, "registry-alice-old").publicKey();

  final HttpServer server;
  final Map<String, String> answers = new ConcurrentHashMap<>();
  final List<Verification> credentials = new CopyOnWriteArrayList<>();
  final RequestTokenVerifier verifier;
  final RegistryClient client;

  RegistryClientTest() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
    verifier = RequestTokenVerifier.builder(new InMemoryPrincipalKeys().add("gateway", GATEWAY.publicKey()))
        .audience(url().toString()).requireBinding(Binding.HTM, Binding.HTU).build();
    client = new RegistryClient(url(), TokenSigner.of(GATEWAY), "gateway", null);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      credentials.add(verifier.verify(auth.substring("JWT ".length()), RequestContext.of("GET", url().resolve(exchange.getRequestURI()))));
      String body = answers.get(exchange.getRequestURI().toString());
      int status = body == null ? 404 : body.startsWith("HTTP ") ? Integer.parseInt(body.substring(5)) : 200;
      byte[] bytes = (status == 200 ? body : "{\"error\":\"x\"}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop(0);
  }

  static String principal(String name, boolean enabled) {
    return "{\"name\":\"" + name + "\",\"roles\":[],\"scopes\":[],\"enabled\":" + enabled + ",\"jwks_uri\":null}";
  }

  static String key(VerificationKey key, boolean disabled, String notAfter) {
    return "{\"kid\":\"" + key.kid() + "\",\"disabled\":" + disabled + ",\"not_before\":null,\"not_after\":" + notAfter
        + ",\"jwk\":" + key.toJwk() + "}";
  }

  @Test
  void lookUp_enabledPrincipal_itsKeysNotDisabled_askedWithBoundRequestTokensOfTheGateway() throws IOException {
    answers.put("/admin/principals/alice", principal("alice", true));
    answers.put("/admin/principals/alice/keys?limit=1000",
        "[" + key(ALICE, false, "\"2030-01-01T00:00:00Z\"") + "," + key(OLD, true, "null") + "]");

    List<RegistryClient.Key> keys = client.lookUp("alice").orElseThrow();

    assertThat(keys).extracting(k -> k.key().kid()).containsExactly(ALICE.kid());
    assertThat(keys.getFirst().notAfter()).hasToString("2030-01-01T00:00:00Z");
    assertThat(credentials).hasSize(2).allSatisfy(v -> assertThat(v).isInstanceOfSatisfying(Verification.Valid.class,
        valid -> assertThat(valid.token().principal()).isEqualTo("gateway")));
  }

  @Test
  void lookUp_unknownDisabledOrOtherSpelling_empty() throws IOException {
    answers.put("/admin/principals/bob", principal("bob", false));
    answers.put("/admin/principals/ALICE", principal("alice", true)); // names are unique ignoring case on the server

    assertThat(client.lookUp("nobody")).isEmpty();
    assertThat(client.lookUp("bob")).isEmpty();
    assertThat(client.lookUp("ALICE")).isEmpty();
  }

  @Test
  void lookUp_gatewayRefused_ioExceptionTellingWhatToCheck() {
    answers.put("/admin/principals/alice", "HTTP 403");

    assertThatThrownBy(() -> client.lookUp("alice")).isInstanceOf(IOException.class)
        .hasMessageStartingWith("registry endpoint answered HTTP 403: does principal 'gateway' exist there with the key of key_file"
            + " and the key-reader (or admin) role");
  }

  @Test
  void lookUp_malformedAnswers_ioException() {
    answers.put("/admin/principals/dup", "{\"name\":\"dup\",\"enabled\":false,\"enabled\":true}");
    answers.put("/admin/principals/trail", principal("trail", true) + " {}");
    answers.put("/admin/principals/shape", "{\"name\":\"shape\",\"enabled\":\"yes\"}");
    answers.put("/admin/principals/keys", principal("keys", true));
    answers.put("/admin/principals/keys/keys?limit=1000", "{\"kid\":\"k\"}");

    assertThatThrownBy(() -> client.lookUp("dup")).hasMessageContaining("registry answered malformed JSON")
        .hasMessageContaining("Duplicate field 'enabled'");
    assertThatThrownBy(() -> client.lookUp("trail")).hasMessageContaining("registry answered malformed JSON");
    assertThatThrownBy(() -> client.lookUp("shape"))
        .hasMessage("registry answered a principal without a text name and a boolean enabled");
    assertThatThrownBy(() -> client.lookUp("keys")).hasMessage("registry answered a key list that is not a JSON array");
  }

  @Test
  void lookUp_oversizedAnswer_refusedWhileReading() {
    answers.put("/admin/principals/big", "{\"name\":\"big\",\"pad\":\"" + "x".repeat(600 * 1024) + "\"}");

    assertThatThrownBy(() -> client.lookUp("big")).isInstanceOf(IOException.class).hasMessageContaining("larger than");
  }
}
