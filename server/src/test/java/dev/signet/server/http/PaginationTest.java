package dev.signet.server.http;

import static dev.signet.server.http.HttpAssertions.assertBadRequest;
import static dev.signet.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient;
import dev.signet.server.testing.ApiClient.Response;
import dev.signet.testing.TestKeys;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every list endpoint is paginated (issue 12, item 5): a JSON array as before, {@code ?limit=}
 * bounded, and {@code Link: <…>; rel="next"} with an opaque cursor while more remain; the link
 * starts with the server's issuer whatever Host the request named. And the key cap over HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaginationTest {
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "alice");
  static final Pattern NEXT = Pattern.compile("<([^>]*)>; rel=\"next\"");

  TestServer server;
  ApiClient admin;
  ApiClient alice;

  @BeforeAll
  void start() {
    server = TestServer.builder().setting("max-keys-per-principal", "4").start();
    admin = server.admin();
    alice = server.createPrincipal("alice", ALICE).bound();
    for (String name : List.of("p1", "p2", "p3", "p4")) {
      admin.post("/admin/principals", json("name", name));
    }
    for (int i = 0; i < 3; i++) {
      admin.post("/admin/principals/alice/keys", json("public_key", SigningKey.generateEd25519().publicKey().toPem()));
      admin.post("/admin/principals/alice/enrollments", "");
    }
  }

  @AfterAll
  void stop() {
    server.close();
  }

  /** Every item of a list, following next links from {@code first}; checks each page's size. */
  private List<JsonNode> all(ApiClient client, String first, int limit) {
    List<JsonNode> items = new ArrayList<>();
    String path = first;
    for (int pages = 0; path != null; pages++) {
      assertThat(pages).as("pages of %s", first).isLessThan(100);
      Response page = client.get(path);
      assertThat(page.status()).as("%s", page).isEqualTo(200);
      assertThat(page.json().isArray()).isTrue();
      assertThat(page.json().size()).isLessThanOrEqualTo(limit);
      page.json().forEach(items::add);
      String link = page.header("Link");
      if (link == null) {
        path = null;
      } else {
        Matcher m = NEXT.matcher(link);
        assertThat(m.matches()).as(link).isTrue();
        URI next = URI.create(m.group(1));
        assertThat(next.toString()).startsWith(server.issuer() + "/");
        assertThat(page.json().size()).isEqualTo(limit);
        path = next.getRawPath() + "?" + next.getRawQuery();
      }
    }
    return items;
  }

  @Test // gh-12 item 5: lists had no bound
  void everyList_smallPages_togetherTheWholeListInOrder() {
    for (String list : List.of("/admin/principals", "/admin/principals/alice/keys", "/admin/principals/alice/enrollments",
        "/admin/audit?principal=alice&action=key.add")) { // written in the request's transaction: no race with the writer
      List<JsonNode> whole = new ArrayList<>();
      admin.get(list + (list.contains("?") ? "&" : "?") + "limit=1000").json().forEach(whole::add);

      assertThat(whole).as(list).hasSizeGreaterThan(2);
      assertThat(all(admin, list + (list.contains("?") ? "&" : "?") + "limit=2", 2)).as(list).isEqualTo(whole);
    }
    List<JsonNode> mine = new ArrayList<>();
    alice.get("/me/keys").json().forEach(mine::add);
    assertThat(all(alice, "/me/keys?limit=1", 1)).isEqualTo(mine).hasSize(4);
  }

  @Test
  void firstPage_withoutLimit_atMostAHundredAndNoLinkWhenAllFit() {
    Response principals = admin.get("/admin/principals");

    assertThat(principals.json().size()).isEqualTo(6);
    assertThat(principals.header("Link")).isNull();
  }

  @Test
  void link_requestNamingAnotherHost_startsWithTheIssuer() {
    String token = admin.token("GET", "/admin/principals?limit=1");
    String response = RawHttp.exchange(server.port(), "GET /admin/principals?limit=1 HTTP/1.1\r\nHost: evil.example\r\n"
        + "Authorization: JWT " + token + "\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 200 ").contains("Link: <" + server.issuer() + "/admin/principals?limit=1&cursor=")
        .doesNotContain("evil.example");
  }

  @Test
  void limitOrCursorOutOfShape_400() {
    String otherList = Base64.getUrlEncoder().withoutPadding().encodeToString("keys\n2026-01-01T00:00:00Z\nk".getBytes());
    for (String query : List.of("limit=0", "limit=1001", "limit=-1", "limit=1e3")) {
      assertBadRequest(admin.get("/admin/principals?" + query), "limit must be a number from 1 to 1000");
    }
    for (String cursor : List.of("x", "%00", otherList, "A".repeat(2000))) {
      assertBadRequest(admin.get("/admin/principals?cursor=" + cursor),
          "cursor is not one this server gave out for this list; start again without it");
    }
    String badTime = Base64.getUrlEncoder().withoutPadding().encodeToString("keys\nyesterday\nk".getBytes());
    assertBadRequest(admin.get("/admin/principals/alice/keys?cursor=" + badTime),
        "cursor is not one this server gave out for this list; start again without it");
  }

  @Test // gh-12 item 5: no cap on keys per principal
  void addKey_beyondTheCap_409SayingSoOnEveryRoute() {
    String message = "principal 'alice' has 4 keys, the most one principal may have (--max-keys-per-principal 4); delete one first";
    String code = admin.post("/admin/principals/alice/enrollments", "").json().path("code").asText();

    for (Response response : List.of(
        admin.post("/admin/principals/alice/keys", json("public_key", SigningKey.generateEd25519().publicKey().toPem())),
        alice.post("/me/keys", json("public_key", SigningKey.generateEd25519().publicKey().toPem())),
        server.anonymous().post("/enroll", json("code", code, "public_key", SigningKey.generateEd25519().publicKey().toPem())))) {
      assertThat(response.status()).as("%s", response).isEqualTo(409);
      assertThat(response.json().path("message").asText()).isEqualTo(message);
    }
    assertThat(admin.get("/admin/principals/alice/keys").json().size()).isEqualTo(4);
  }
}
