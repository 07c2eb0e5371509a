package dev.signet.server.http;

import static dev.signet.server.http.HttpAssertions.assertBadRequest;
import static dev.signet.server.http.HttpAssertions.assertClientError;
import static dev.signet.server.http.HttpAssertions.assertInvalidToken;
import static dev.signet.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient.Response;
import dev.signet.server.testing.ApiClient;
import dev.signet.server.testing.Backend;
import dev.signet.testing.TestKeys;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The key registry API (SPEC §4) on H2 and on PostgreSQL: principals and keys created, read,
 * changed and deleted, and every registry rule refused with a 4xx, a clear message, and nothing
 * stored.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(Backend.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminRoutesTest {
  static final SigningKey EC = TestKeys.of(Algorithm.ES256, "admin-routes");
  static final SigningKey ED = TestKeys.of(Algorithm.EdDSA, "admin-routes");
  static final SigningKey RSA = TestKeys.of(Algorithm.RS256, "admin-routes");
  static final String PRIVATE_KEY_GIVEN =
      "this is a private key; give the public key (the private half never leaves its owner)";

  @Parameter Backend backend;
  TestServer server;
  ApiClient admin;

  @BeforeParameterizedClassInvocation
  void startServer(Backend on) {
    server = TestServer.builder().backend(on).start();
    admin = server.admin();
  }

  @AfterParameterizedClassInvocation
  void stopServer() {
    if (server != null) { // null when the start was aborted (no PostgreSQL here): a skip, not a failure
      server.close();
    }
  }

  @BeforeEach
  void deleteAllButAdmin() {
    for (JsonNode p : admin.get("/admin/principals").json()) {
      if (!p.path("name").asText().equals("admin")) {
        assertThat(admin.delete("/admin/principals/" + p.path("name").asText()).status()).isEqualTo(204);
      }
    }
  }

  @Test
  void createPrincipal_fullBody_201AndReadBack() {
    Response created = admin.post("/admin/principals", json(
        "name", "orders-service", "roles", List.of("reader"), "scopes", List.of("orders:write", "orders:read"), "enabled", true));

    assertThat(created.status()).isEqualTo(201);
    JsonNode p = created.json();
    assertThat(p.path("name").asText()).isEqualTo("orders-service");
    assertThat(p.path("roles")).isEqualTo(ApiClient.tree("[\"reader\"]"));
    assertThat(p.path("scopes")).isEqualTo(ApiClient.tree("[\"orders:read\",\"orders:write\"]"));
    assertThat(p.path("enabled").asBoolean()).isTrue();
    assertThat(p.path("jwks_uri").isNull()).isTrue();
    assertThat(p.path("created_at").asText()).isNotEmpty();
    assertThat(admin.get("/admin/principals/orders-service").json()).isEqualTo(p);
    assertThat(admin.get("/admin/principals").json().findValuesAsText("name")).containsExactly("admin", "orders-service");
  }

  @Test
  void createPrincipal_nameOnly_enabledWithoutRolesOrScopes() {
    JsonNode p = admin.post("/admin/principals", json("name", "a.b@c-d_e")).json();

    assertThat(p.path("roles").size()).isZero();
    assertThat(p.path("scopes").size()).isZero();
    assertThat(p.path("enabled").asBoolean()).isTrue();
  }

  @Test
  void createPrincipal_existingNameInAnyCase_409() {
    admin.post("/admin/principals", json("name", "orders"));

    Response same = admin.post("/admin/principals", json("name", "orders"));
    Response upper = admin.post("/admin/principals", json("name", "ORDERS"));

    assertClientError(same, 409);
    assertThat(same.json().path("message").asText()).isEqualTo("principal 'orders' already exists");
    assertClientError(upper, 409);
    assertThat(upper.json().path("message").asText())
        .isEqualTo("principal 'ORDERS' clashes with existing principal 'orders' (names are unique regardless of case)");
    assertThat(admin.get("/admin/principals").json().findValuesAsText("name")).containsExactly("admin", "orders");
  }

  @Test
  void updatePrincipal_patch_changesOnlyTheFieldsGiven() {
    admin.post("/admin/principals", json("name", "billing", "roles", List.of("reader"), "scopes", List.of("a")));

    JsonNode scoped = admin.patch("/admin/principals/billing", json("scopes", List.of("b", "c"))).json();
    JsonNode linked = admin.patch("/admin/principals/billing", json("jwks_uri", "https://keys.example/jwks.json")).json();
    JsonNode unlinked = admin.patch("/admin/principals/billing", json("jwks_uri", "")).json();

    assertThat(scoped.path("roles")).isEqualTo(ApiClient.tree("[\"reader\"]"));
    assertThat(scoped.path("scopes")).isEqualTo(ApiClient.tree("[\"b\",\"c\"]"));
    assertThat(linked.path("jwks_uri").asText()).isEqualTo("https://keys.example/jwks.json");
    assertThat(unlinked.path("jwks_uri").isNull()).isTrue();
    assertThat(admin.get("/admin/principals/billing").json()).isEqualTo(unlinked);
  }

  @Test
  void updatePrincipal_disabledThenEnabled_tokensRefusedThenAcceptedAtOnce() {
    ApiClient carol = server.createPrincipal("carol", EC);
    assertThat(carol.get("/whoami").status()).isEqualTo(200);

    assertThat(admin.patch("/admin/principals/carol", json("enabled", false)).status()).isEqualTo(200);
    assertInvalidToken(carol.get("/whoami"));
    assertThat(admin.patch("/admin/principals/carol", json("enabled", true)).status()).isEqualTo(200);
    assertThat(carol.get("/whoami").status()).isEqualTo(200);
  }

  @Test
  void principalRoutes_unknownPrincipal_404() {
    assertNotFound(admin.get("/admin/principals/nobody"), "no principal named 'nobody'");
    assertNotFound(admin.patch("/admin/principals/nobody", json("enabled", false)), "no principal 'nobody'");
    assertNotFound(admin.delete("/admin/principals/nobody"), "no principal 'nobody'");
    assertNotFound(admin.get("/admin/principals/nobody/keys"), "no principal named 'nobody'");
    assertNotFound(admin.post("/admin/principals/nobody/keys", json("public_key", EC.publicKey().toPem())),
        "no principal 'nobody'");
    assertNotFound(admin.delete("/admin/principals/nobody/keys/k1"), "no principal 'nobody'");
    assertThat(admin.get("/admin/principals").json().findValuesAsText("name")).containsExactly("admin");
  }

  @Test
  void deletePrincipal_204_goneWithItsKeys() {
    ApiClient carol = server.createPrincipal("carol", EC);

    assertThat(admin.delete("/admin/principals/carol").status()).isEqualTo(204);

    assertNotFound(admin.get("/admin/principals/carol"), "no principal named 'carol'");
    assertInvalidToken(carol.get("/whoami"));
    // its key is free again: the thumbprint is no longer registered
    assertThat(server.createPrincipal("carol2", EC).get("/whoami").status()).isEqualTo(200);
  }

  @Test
  void adminOnItself_deleteOrDemoteOrDisable_409AndStillAdmin() {
    String message = "an admin cannot remove its own admin role or disable itself; another admin must do it";
    assertThat(admin.delete("/admin/principals/admin").json().get("message").asText())
        .isEqualTo("an admin cannot delete itself; another admin must do it");
    assertThat(admin.patch("/admin/principals/admin", json("roles", java.util.List.of())).json().get("message").asText())
        .isEqualTo(message);
    assertThat(admin.patch("/admin/principals/admin", json("enabled", false)).json().get("message").asText())
        .isEqualTo(message);

    assertThat(admin.get("/admin/principals/admin").json().get("roles").toString()).isEqualTo("[\"admin\"]");
    assertThat(admin.patch("/admin/principals/admin", json("scopes", java.util.List.of("x"))).status()).isEqualTo(200);
  }

  @Test
  void addKey_pem_201WithKidKtyAlgCreatedAt() {
    admin.post("/admin/principals", json("name", "dave"));

    Response added = admin.post("/admin/principals/dave/keys", json("public_key", EC.publicKey().toPem()));

    assertThat(added.status()).isEqualTo(201);
    JsonNode key = added.json();
    assertThat(key.path("principal").asText()).isEqualTo("dave");
    assertThat(key.path("kid").asText()).isEqualTo(EC.publicKey().thumbprint());
    assertThat(key.path("kty").asText()).isEqualTo("EC");
    assertThat(key.path("alg").asText()).isEqualTo("ES256");
    assertThat(key.path("created_at").asText()).isNotEmpty();
    assertThat(key.path("disabled").asBoolean()).isFalse();
    assertThat(key.path("jwk").path("d").isMissingNode()).isTrue();
    assertThat(kids(admin.get("/admin/principals/dave/keys"))).containsExactly(EC.publicKey().thumbprint());
    assertThat(server.as("dave", EC).get("/whoami").status()).isEqualTo(200);
  }

  @Test
  void addKey_jwkObjectAndOpenSshWithKidAlgLabel_201() {
    admin.post("/admin/principals", json("name", "dave"));
    ObjectNode body = (ObjectNode) ApiClient.tree(json("kid", "dave-2026", "label", "laptop"));
    body.set("public_key", ApiClient.tree(ED.publicKey().toJwk()));

    JsonNode jwk = admin.post("/admin/principals/dave/keys", body.toString()).json();
    JsonNode ssh = admin.post("/admin/principals/dave/keys",
        json("public_key", RSA.publicKey().toOpenSsh(), "alg", "PS256")).json();

    assertThat(jwk.path("kid").asText()).isEqualTo("dave-2026");
    assertThat(jwk.path("kty").asText()).isEqualTo("OKP");
    assertThat(jwk.path("label").asText()).isEqualTo("laptop");
    assertThat(ssh.path("kty").asText()).isEqualTo("RSA");
    assertThat(ssh.path("alg").asText()).isEqualTo("PS256");
    assertThat(ssh.path("alg_pinned").asBoolean()).isTrue();
    assertThat(server.as("dave", ED.withKid("dave-2026")).get("/whoami").json().path("kid").asText()).isEqualTo("dave-2026");
    assertThat(server.as("dave", RSA.withAlgorithm(Algorithm.PS256)).get("/whoami").status()).isEqualTo(200);
    assertInvalidToken(server.as("dave", RSA).get("/whoami")); // RS256 with a key pinned to PS256
  }

  @Test
  void changeKey_disabledThenEnabled_keyRefusedThenAcceptedAtOnce() {
    ApiClient erin = server.createPrincipal("erin", EC);
    String path = "/admin/principals/erin/keys/" + EC.kid();

    Response disabled = admin.patch(path, json("disabled", true));

    assertThat(disabled.status()).isEqualTo(200);
    assertThat(disabled.json().path("disabled").asBoolean()).isTrue();
    assertInvalidToken(erin.get("/whoami"));
    assertThat(admin.patch(path, json("disabled", false)).json().path("disabled").asBoolean()).isFalse();
    assertThat(erin.get("/whoami").status()).isEqualTo(200);
    assertBadRequest(admin.patch(path, "{}"), "field 'disabled' is required");
  }

  @Test
  void deleteKey_204_keyRefusedAtOnce() {
    ApiClient erin = server.createPrincipal("erin", EC);

    assertThat(admin.delete("/admin/principals/erin/keys/" + EC.kid()).status()).isEqualTo(204);

    assertInvalidToken(erin.get("/whoami"));
    assertThat(admin.get("/admin/principals/erin/keys").json().size()).isZero();
    assertNotFound(admin.delete("/admin/principals/erin/keys/" + EC.kid()),
        "principal 'erin' has no key with kid '" + EC.kid() + "'");
  }

  @Test
  void addKey_duplicateKidOrKeyAlreadyRegistered_409AndNothingStored() {
    admin.post("/admin/principals", json("name", "frank"));
    admin.post("/admin/principals", json("name", "grace"));
    admin.post("/admin/principals/frank/keys", json("public_key", EC.publicKey().toPem(), "kid", "k1"));
    String thumbprint = EC.publicKey().thumbprint();

    assertConflict(admin.post("/admin/principals/frank/keys", json("public_key", ED.publicKey().toPem(), "kid", "k1")),
        "principal 'frank' already has a key with kid 'k1'");
    assertConflict(admin.post("/admin/principals/frank/keys", json("public_key", EC.publicKey().toPem(), "kid", "k2")),
        "this key (thumbprint " + thumbprint + ") is already registered for this principal as kid 'k1'");
    assertConflict(admin.post("/admin/principals/grace/keys", json("public_key", EC.publicKey().toPem())),
        "this key (thumbprint " + thumbprint + ") is registered for principal 'frank' as kid 'k1'; delete it there first if it belongs to 'grace'");

    assertThat(kids(admin.get("/admin/principals/frank/keys"))).containsExactly("k1");
    assertThat(admin.get("/admin/principals/grace/keys").json().size()).isZero();
  }

  @Test
  void addKey_unusableKeys_400WithClearMessageAndNothingStored() throws GeneralSecurityException {
    admin.post("/admin/principals", json("name", "heidi"));
    Map<Object, String> refused = new LinkedHashMap<>();
    refused.put("hello", "not a key: expected PEM (-----BEGIN …), a JWK or JWKS (JSON), or an OpenSSH public key line");
    refused.put("-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----\n", null);
    refused.put(ApiClient.tree("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AAAA\"}"), null);
    refused.put(spkiPem(rsa1024()), "RSA key is 1024 bits; Signet requires at least 2048");
    refused.put(rsaJwk("AQAC"), "RSA public exponent must be odd and between 65537 and 2^256, not 65538");
    refused.put(rsaJwk("Aw"), "RSA public exponent must be odd and between 65537 and 2^256, not 3");
    refused.put(ecJwkOffTheCurve(),
        "not a valid JWK: Invalid EC JWK: The 'x' and 'y' public coordinates are not on the P-256 curve");
    refused.put(ecSpkiOffTheCurve(), "EC public point is not on curve P-256");
    refused.put(EC.toPem(), PRIVATE_KEY_GIVEN);
    refused.put(RSA.toTraditionalPem(), PRIVATE_KEY_GIVEN);
    refused.put(EC.toTraditionalPem(), PRIVATE_KEY_GIVEN);
    refused.put(ApiClient.tree(ED.toJwk()), PRIVATE_KEY_GIVEN);
    refused.put(ApiClient.tree("{\"kty\":\"oct\",\"k\":\"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\"}"),
        "symmetric (kty \"oct\") keys are never accepted: Signet verifies with public keys only");
    refused.put(42, "field 'public_key' must be a PEM string or a JWK object");

    refused.forEach((publicKey, message) -> {
      Response response = admin.post("/admin/principals/heidi/keys", json("public_key", publicKey));

      assertClientError(response, 400);
      if (message != null) {
        assertThat(response.json().path("message").asText()).isEqualTo(message);
      }
      assertThat(response.body()).doesNotContain("PRIVATE KEY", "\"d\"");
    });
    assertThat(admin.get("/admin/principals/heidi/keys").json().size()).isZero();
  }

  @Test
  void addKey_badKeyAttributes_400AndNothingStored() {
    admin.post("/admin/principals", json("name", "ivan"));
    String pem = EC.publicKey().toPem();

    assertBadRequest(admin.post("/admin/principals/ivan/keys", json("public_key", pem, "alg", "RS256")),
        "algorithm RS256 does not fit the EC P-256 key (it fits [ES256])");
    assertThat(admin.post("/admin/principals/ivan/keys", json("public_key", pem, "alg", "HS256")).json().path("message").asText())
        .startsWith("field 'alg' must be one of [");
    assertBadRequest(admin.post("/admin/principals/ivan/keys",
            json("public_key", pem, "not_before", "2030-01-01T00:00:00Z", "not_after", "2029-01-01T00:00:00Z")),
        "not_before must be before not_after: 2030-01-01T00:00:00Z is not before 2029-01-01T00:00:00Z");
    assertBadRequest(admin.post("/admin/principals/ivan/keys", json("kid", "k1")),
        "field 'public_key' is required: a PEM string or a JWK object");
    assertBadRequest(admin.post("/admin/principals/ivan/keys", json("public_key", pem, "kid", "../../etc/passwd")),
        "kid must be 1-256 characters of [A-Za-z0-9._~:@+=/-], without empty, '.' or '..' path segments: '../../etc/passwd'");
    assertThat(admin.get("/admin/principals/ivan/keys").json().size()).isZero();
  }

  @Test
  void adminOwnLastKey_deleteOrDisable_409() {
    String path = "/admin/principals/admin/keys/" + TestServer.ADMIN_KEY.kid();
    String message = "cannot %s the last enabled key '" + TestServer.ADMIN_KEY.kid()
        + "' of principal 'admin'; add another key first";

    assertConflict(admin.delete(path), message.formatted("delete"));
    assertConflict(admin.patch(path, json("disabled", true)), message.formatted("disable"));
    assertThat(admin.get("/whoami").status()).isEqualTo(200);
  }

  /** The kids of a key list (not those inside each key's {@code jwk}). */
  static List<String> kids(Response keys) {
    List<String> kids = new java.util.ArrayList<>();
    keys.json().forEach(k -> kids.add(k.path("kid").asText()));
    return kids;
  }

  static void assertNotFound(Response response, String message) {
    assertClientError(response, 404);
    assertThat(response.json().path("error").asText()).isEqualTo("not_found");
    assertThat(response.json().path("message").asText()).isEqualTo(message);
  }

  static void assertConflict(Response response, String message) {
    assertClientError(response, 409);
    assertThat(response.json().path("error").asText()).isEqualTo("conflict");
    assertThat(response.json().path("message").asText()).isEqualTo(message);
  }

  static PublicKey rsa1024() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(1024);
    return generator.generateKeyPair().getPublic();
  }

  static String spkiPem(byte[] spki) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(spki)
        + "\n-----END PUBLIC KEY-----\n";
  }

  static String spkiPem(PublicKey key) {
    return spkiPem(key.getEncoded());
  }

  static JsonNode rsaJwk(String exponent) {
    RSAPublicKey rsa = (RSAPublicKey) RSA.publicKey().key();
    byte[] n = rsa.getModulus().toByteArray();
    byte[] unsigned = n[0] == 0 ? java.util.Arrays.copyOfRange(n, 1, n.length) : n;
    return ApiClient.tree(json("kty", "RSA", "n", Base64.getUrlEncoder().withoutPadding().encodeToString(unsigned), "e", exponent));
  }

  static JsonNode ecJwkOffTheCurve() {
    ObjectNode jwk = (ObjectNode) ApiClient.tree(EC.publicKey().toJwk());
    jwk.set("y", jwk.get("x"));
    return jwk;
  }

  static String ecSpkiOffTheCurve() {
    byte[] spki = EC.publicKey().key().getEncoded();
    spki[spki.length - 1] ^= 1;
    return spkiPem(spki);
  }
}
