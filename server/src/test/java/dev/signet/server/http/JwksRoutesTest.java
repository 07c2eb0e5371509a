package dev.signet.server.http;

import static dev.signet.server.http.HttpAssertions.assertClientError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import dev.signet.VerificationKey;
import dev.signet.server.TestServer;
import dev.signet.server.keys.ServerKey;
import dev.signet.server.testing.ApiClient;
import dev.signet.server.testing.ApiClient.Response;
import dev.signet.server.testing.Backend;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server's public keys and metadata (SPEC §4) on a real server, on H2 and on PostgreSQL: the
 * JWKS at both paths, one key by kid, the ASAP PEM, the RFC 8414 metadata, their caching headers
 * and conditional GETs, and what strangers can do to them.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(Backend.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwksRoutesTest {
  static final List<String> PUBLIC_PATHS = List.of("/.well-known/jwks.json", "/keys.json", "/.well-known/oauth-authorization-server");

  @Parameter Backend backend;
  TestServer server;
  ApiClient anonymous;

  @BeforeParameterizedClassInvocation
  void startServer(Backend on) {
    server = TestServer.builder().backend(on).start();
    anonymous = server.anonymous();
  }

  @AfterParameterizedClassInvocation
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  ServerKey active() {
    String kid = server.signingKeys().current().kid();
    return server.signingKeys().published(kid).orElseThrow();
  }

  @Test
  void jwks_bothPaths_theServersKeysWithEveryMemberAndCachingHeaders() {
    ServerKey key = active();

    for (String path : List.of("/.well-known/jwks.json", "/keys.json")) {
      Response response = anonymous.get(path);

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("Content-Type")).isEqualTo("application/json");
      assertThat(response.header("Cache-Control")).isEqualTo("public, max-age=300");
      assertThat(response.header("ETag")).matches("\"[A-Za-z0-9_-]{43}\"");
      JsonNode jwk = response.json().path("keys").get(0);
      assertThat(response.json().path("keys").size()).isEqualTo(2); // the signing key, then the encryption key
      assertThat(response.json().path("keys").get(1).path("use").asText()).isEqualTo("enc");
      assertThat(jwk.fieldNames()).toIterable().containsExactly("kty", "use", "alg", "kid", "crv", "x", "y", "publicKey");
      assertThat(jwk.path("kty").asText()).isEqualTo("EC");
      assertThat(jwk.path("use").asText()).isEqualTo("sig");
      assertThat(jwk.path("alg").asText()).isEqualTo("ES256");
      assertThat(jwk.path("kid").asText()).isEqualTo(key.kid());
      String pem = new String(Base64.getUrlDecoder().decode(jwk.path("publicKey").asText()), StandardCharsets.US_ASCII);
      assertThat(pem).isEqualTo(key.publicKey().toPem()).startsWith("-----BEGIN PUBLIC KEY-----");
      assertThat(VerificationKey.parseAll(response.body())).singleElement().satisfies(k -> {
        assertThat(k.kid()).isEqualTo(key.kid());
        assertThat(k.thumbprint()).isEqualTo(key.kid());
      });
    }
    assertThat(anonymous.get("/keys.json").body()).isEqualTo(anonymous.get("/.well-known/jwks.json").body());
  }

  @Test
  void conditionalGet_ifNoneMatch_304ForTheTagInAnyForm_200Otherwise() {
    for (String path : PUBLIC_PATHS) {
      String etag = anonymous.get(path).header("ETag");
      for (String matching : List.of(etag, "W/" + etag, "\"other\", " + etag, "\"a\",W/" + etag + " ,\"b\"", "*")) {
        Response response = anonymous.send("GET", path, new byte[0], Map.of("If-None-Match", matching));

        assertThat(response.status()).as("%s with If-None-Match: %s", path, matching).isEqualTo(304);
        assertThat(response.body()).isEmpty();
        assertThat(response.header("ETag")).isEqualTo(etag);
        assertThat(response.header("Cache-Control")).isEqualTo("public, max-age=300");
      }
      String opaque = etag.substring(1, etag.length() - 1);
      for (String other : List.of("\"other\"", opaque, "\"" + opaque, etag.toLowerCase(Locale.ROOT).equals(etag) ? "\"x\"" : etag.toLowerCase(Locale.ROOT),
          "\"" + opaque + "x\"", "garbage, " + etag, "W/", "", ",,,")) {
        Response response = anonymous.send("GET", path, new byte[0], Map.of("If-None-Match", other));

        assertThat(response.status()).as("%s with If-None-Match: %s", path, other).isEqualTo(200);
        assertThat(response.body()).isNotEmpty();
      }
    }
  }

  @Test
  void key_byKidInAnyCase_oneJwk() {
    ServerKey key = active();
    String jwks = anonymous.get("/keys.json").body();

    for (String kid : List.of(key.kid(), key.kid().toLowerCase(Locale.ROOT), key.kid().toUpperCase(Locale.ROOT))) {
      Response response = anonymous.get("/keys/" + kid);

      assertThat(response.status()).as(kid).isEqualTo(200);
      assertThat(response.header("Cache-Control")).isEqualTo("public, max-age=300");
      assertThat(response.json()).isEqualTo(ApiClient.tree(jwks).path("keys").get(0));
      String etag = response.header("ETag");
      assertThat(anonymous.send("GET", "/keys/" + kid, new byte[0], Map.of("If-None-Match", etag)).status()).isEqualTo(304);
    }
  }

  @Test
  void asap_byKid_thePublicKeyAsPem() {
    ServerKey key = active();

    Response response = anonymous.get("/asap/" + key.kid());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).isEqualTo("application/x-pem-file");
    assertThat(response.header("Cache-Control")).isEqualTo("public, max-age=300");
    assertThat(response.body()).isEqualTo(key.publicKey().toPem());
    assertThat(VerificationKey.parse(response.body()).thumbprint()).isEqualTo(key.kid());
  }

  @Test
  void unknownKids_plain404() {
    for (String path : List.of("/keys/nope", "/asap/nope", "/asap/issuer/nope", "/asap/a/b/c/" + active().kid(),
        "/keys/" + "k".repeat(300), "/asap/" + "k".repeat(300), "/asap/%20")) {
      Response response = anonymous.get(path);

      assertClientError(response, 404);
      assertThat(response.body()).as(path).isEqualTo("{\"error\":\"not_found\"}");
    }
  }

  @Test
  void head_sameHeadersNoBody() {
    String kid = active().kid();
    for (String path : List.of("/.well-known/jwks.json", "/keys.json", "/keys/" + kid, "/asap/" + kid,
        "/.well-known/oauth-authorization-server")) {
      Response get = anonymous.get(path);
      Response head = anonymous.send("HEAD", path, new byte[0], Map.of());

      assertThat(head.status()).as(path).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(head.header("ETag")).isEqualTo(get.header("ETag"));
      assertThat(head.header("Cache-Control")).isEqualTo(get.header("Cache-Control"));
      assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
    }
  }

  @Test
  void otherMethods_405() {
    String kid = active().kid();
    for (String path : List.of("/.well-known/jwks.json", "/keys.json", "/keys/" + kid, "/asap/" + kid,
        "/.well-known/oauth-authorization-server")) {
      for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
        Response response = anonymous.send(method, path, "{}".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));

        assertClientError(response, 405);
        assertThat(response.body()).as("%s %s", method, path).isEqualTo("{\"error\":\"method_not_allowed\"}");
        assertThat(response.header("Allow")).as("Allow of %s", path).isEqualTo("GET, HEAD");
      }
    }
    assertThat(anonymous.get("/.well-known/jwks.json").status()).isEqualTo(200);
  }

  @Test
  void hostilePaths_4xxNeverAnotherRoute() {
    List<String> requests = List.of(
        "/asap/../admin/principals", "/asap/%2e%2e/%2e%2e/admin/principals", "/asap/..%2F..%2Fadmin%2Fprincipals",
        "/keys/..%2F..%2Fadmin", "/keys/%2e%2e", "/asap/%252e%252e/admin", "/asap//etc/passwd", "/keys/" + active().kid() + "%00");
    for (String target : requests) {
      String raw = RawHttp.exchange(server.port(), "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      int status = Integer.parseInt(raw.substring(9, 12));

      assertThat(status).as(target).isBetween(400, 404);
      assertThat(raw).as(target).doesNotContain("\"name\"", "Exception", "BEGIN PUBLIC KEY");
    }
  }

  @Test
  void hugeIfNoneMatch_refusedBeforeParsing() throws Exception {
    String header = "\"x\", ".repeat(200_000); // 1 MB
    String raw = sendWhileReading(server.port(), "GET /.well-known/jwks.json HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: "
        + header + "\r\nConnection: close\r\n\r\n");

    assertThat(raw).startsWith("HTTP/1.1 431 ");
    String many = "If-None-Match: \"x\"\r\n".repeat(300); // many short headers, within the limit
    String within = RawHttp.exchange(server.port(), "GET /.well-known/jwks.json HTTP/1.1\r\nHost: 127.0.0.1\r\n" + many
        + "Connection: close\r\n\r\n");
    assertThat(within).startsWith("HTTP/1.1 200 ");
  }

  @Test
  void metadata_rfc8414_parsedByTheNimbusSdk() throws Exception {
    Response response = anonymous.get("/.well-known/oauth-authorization-server");
    String issuer = server.issuer();

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).isEqualTo("application/json");
    assertThat(response.header("Cache-Control")).isEqualTo("public, max-age=300");
    assertThat(response.body()).startsWith("{\"issuer\":\"" + issuer + "\"").doesNotContain("\\/");
    JsonNode m = response.json();
    assertThat(m.path("jwks_uri").asText()).isEqualTo(issuer + "/.well-known/jwks.json");
    assertThat(m.path("token_endpoint").asText()).isEqualTo(issuer + "/oauth/token");
    assertThat(m.path("introspection_endpoint").asText()).isEqualTo(issuer + "/oauth/introspect");
    assertThat(m.path("revocation_endpoint").asText()).isEqualTo(issuer + "/oauth/revoke");
    assertThat(m.path("grant_types_supported")).isEqualTo(ApiClient.tree("[\"client_credentials\"]"));
    assertThat(m.path("token_endpoint_auth_methods_supported")).isEqualTo(ApiClient.tree("[\"private_key_jwt\"]"));
    assertThat(m.path("token_endpoint_auth_signing_alg_values_supported")).isEqualTo(ApiClient.tree(
        "[\"RS256\",\"RS384\",\"RS512\",\"PS256\",\"PS384\",\"PS512\",\"ES256\",\"ES384\",\"ES512\",\"EdDSA\",\"Ed25519\"]"));
    assertThat(m.path("dpop_signing_alg_values_supported")).isEqualTo(ApiClient.tree(
        "[\"RS256\",\"RS384\",\"RS512\",\"PS256\",\"PS384\",\"PS512\",\"ES256\",\"ES384\",\"ES512\"]"));
    AuthorizationServerMetadata parsed = AuthorizationServerMetadata.parse(response.body());
    assertThat(parsed.getIssuer().getValue()).isEqualTo(issuer);
    assertThat(parsed.getJWKSetURI()).hasToString(issuer + "/.well-known/jwks.json");
    assertThat(anonymous.get(pathOf(parsed.getJWKSetURI())).status()).isEqualTo(200);
  }

  @Test
  void metadata_issuerWithAPath_alsoAtTheRfc8414Location() {
    try (TestServer tenant = TestServer.builder().backend(backend).setting("issuer", "https://auth.example/tenant-1/").start()) {
      Response root = tenant.anonymous().get("/.well-known/oauth-authorization-server");
      Response located = tenant.anonymous().get("/.well-known/oauth-authorization-server/tenant-1");

      assertThat(located.status()).isEqualTo(200);
      assertThat(located.body()).isEqualTo(root.body());
      assertThat(located.json().path("issuer").asText()).isEqualTo("https://auth.example/tenant-1/");
      assertThat(located.json().path("token_endpoint").asText()).isEqualTo("https://auth.example/tenant-1/oauth/token");
    }
  }

  /** Writes {@code request} from another thread while reading: the server answers and closes before it has all of it. */
  static String sendWhileReading(int port, String request) throws Exception {
    try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      Thread writer = new Thread(() -> {
        try {
          socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        } catch (java.io.IOException e) {
          // the server closed the connection after answering: expected
        }
      });
      writer.start();
      java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      try {
        for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
          read.write(buffer, 0, n);
        }
      } catch (java.io.IOException e) {
        // a reset after the answer
      }
      writer.join(10_000);
      return read.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static String pathOf(java.net.URI uri) {
    return uri.getRawPath();
  }
}
