package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin list commands follow the server's pages (issue 12, item 5): each next page is asked
 * for with the cursor of {@code Link: <…>; rel="next"}, on the server given with --server (the
 * link's host is not followed), until there is none or {@code --limit} is reached.
 */
class AdminListPagesTest extends AdminCommandTestBase {
  private HttpServer pages;
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private volatile String secondCursor = "c2";

  @BeforeEach
  void startPagingServer() throws IOException {
    pages = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    pages.createContext("/", exchange -> {
      String query = exchange.getRequestURI().getRawQuery();
      queries.add(query);
      String body;
      if (query.contains("cursor=c2")) {
        body = "[{\"name\":\"carol\"},{\"name\":\"dave\"}]";
        exchange.getResponseHeaders().add("Link", "<https://public.example/admin/principals?limit=1000&cursor=" + secondCursor + ">; rel=\"next\"");
      } else if (query.contains("cursor=c3")) {
        body = "[{\"name\":\"erin\"}]";
      } else {
        body = "[{\"name\":\"alice\"},{\"name\":\"bob\"}]";
        exchange.getResponseHeaders().add("Link", "<https://public.example/x>; rel=\"prev\", <https://public.example/admin/principals?limit=1000&cursor=c2>; rel=\"next\"");
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    pages.start();
  }

  @AfterEach
  void stopPagingServer() {
    pages.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + pages.getAddress().getPort();
  }

  private Cli.Result run(String... args) {
    cli.privateKey(server.adminKey.toPem());
    List<String> all = new java.util.ArrayList<>(List.of("admin", "--server", url(), "--key", server.adminKeyFile.toString()));
    all.addAll(List.of(args));
    return cli.run(all.toArray(String[]::new));
  }

  private static List<String> names(String json) {
    List<String> names = new java.util.ArrayList<>();
    TestServer.parse(json).forEach(item -> names.add(item.path("name").asText()));
    return names;
  }

  @Test
  void principalsList_severalPages_everyItemOnceInOrder() {
    secondCursor = "c3";

    Cli.Result r = run("principals", "list", "--json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(names(r.out())).containsExactly("alice", "bob", "carol", "dave", "erin");
    assertThat(queries).containsExactly("limit=1000", "limit=1000&cursor=c2", "limit=1000&cursor=c3");
  }

  @Test
  void audit_limitReachedMidPage_stopsThere() {
    secondCursor = "c3";

    Cli.Result r = run("audit", "--limit", "3", "--json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(names(r.out())).containsExactly("alice", "bob", "carol");
    assertThat(queries).containsExactly("limit=3", "limit=3&cursor=c2");
  }

  @Test
  void principalsList_serverRepeatsItsCursor_exit1() {
    Cli.Result r = run("principals", "list");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("signet: GET /admin/principals: the server gave the same next page twice\n");
  }

  @Test
  void nextCursor_malformedOrForeignLinks_none() {
    assertThat(Links.nextCursor(List.of("<https://a/x?cursor=abc>; rel=\"next\""))).isEqualTo("abc");
    assertThat(Links.nextCursor(List.of("<https://a/x?cursor=abc>; rel=\"prev\""))).isNull();
    assertThat(Links.nextCursor(List.of("<https://a/x?cursor=a%0Ab>; rel=\"next\""))).isNull();
    assertThat(Links.nextCursor(List.of("<https://a/x?cursor=>; rel=\"next\""))).isNull();
    assertThat(Links.nextCursor(List.of("<https://a/x; rel=\"next\"", ">>,<<", ""))).isNull();
    assertThat(Links.nextCursor(List.of("<https://a/x?q=1&cursor=" + "A".repeat(2000) + ">; rel=\"next\""))).isNull();
  }
}
