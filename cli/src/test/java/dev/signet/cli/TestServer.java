package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.Algorithm;
import dev.signet.RequestContext;
import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import dev.signet.server.SignetServer;
import dev.signet.server.config.ServerConfig;
import dev.signet.server.config.Settings;
import dev.signet.testing.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A real Signet server in this JVM ({@link SignetServer#start} on port 0, H2 in a test's
 * directory, key cache off) whose {@code admin} has a key the test holds. Setup calls go straight
 * to the HTTP API, signed with that key, so that a test of one command does not lean on another.
 */
final class TestServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final SigningKey adminKey = TestKeys.fresh(Algorithm.ES256);
  final Path adminKeyFile;
  private final SignetServer server;
  private final HttpClient http = HttpClient.newBuilder().sslContext(TlsTrust.anyCertificate()).build(); // for https tests

  private TestServer(Path dir, Map<String, String> settings) {
    adminKeyFile = KeyFixtures.privatePem(dir, "admin.pem", adminKey);
    Map<String, String> flags = new HashMap<>(Map.of(
        "port", "0",
        "data-dir", dir.resolve("data").toString(),
        "admin-key", KeyFixtures.publicPem(dir, "admin.pub", adminKey).toString(),
        "key-cache-ttl", "0s",
        "signing-alg", "ES256")); // an EC signing key is made in a millisecond; RSA ones are the server's tests' business
    flags.putAll(settings);
    server = SignetServer.start(ServerConfig.from(Settings.from(flags, Map.of())));
  }

  static TestServer start(Path dir) {
    return new TestServer(dir, Map.of());
  }

  /** With more server settings, by flag name without dashes ("tls-cert"). */
  static TestServer start(Path dir, Map<String, String> settings) {
    return new TestServer(dir, settings);
  }

  String url() {
    return server.baseUrl().toString();
  }

  /** An admin API call that must succeed; its JSON answer (null for 204). */
  @Nullable JsonNode admin(String method, String path, @Nullable String body) {
    URI uri = URI.create(url() + path);
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    String token = TokenSigner.of(adminKey).requestToken("admin").bind(RequestContext.of(method, uri, bytes)).sign();
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Authorization", "JWT " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isBetween(200, 299);
      return response.body().isEmpty() ? null : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  void createPrincipal(String name, String... roles) {
    admin("POST", "/admin/principals", "{\"name\":\"" + name + "\",\"roles\":" + json(roles) + "}");
  }

  void addKey(String principal, SigningKey key) {
    admin("POST", "/admin/principals/" + principal + "/keys", "{\"public_key\":" + json(key.publicKey().toPem()) + "}");
  }

  /** A new one-time enrollment code for {@code principal}. */
  String enrollmentCode(String principal) {
    JsonNode issued = admin("POST", "/admin/principals/" + principal + "/enrollments", null);
    assertThat(issued).isNotNull();
    return issued.path("code").textValue();
  }

  /** {@code principal}'s registered keys, as the API lists them. */
  JsonNode keys(String principal) {
    JsonNode keys = admin("GET", "/admin/principals/" + principal + "/keys", null);
    assertThat(keys).isNotNull();
    return keys;
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
