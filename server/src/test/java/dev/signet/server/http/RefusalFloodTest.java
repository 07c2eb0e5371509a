package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.server.TestServer;
import dev.signet.server.testing.ApiClient;
import dev.signet.server.testing.LogCapture;
import dev.signet.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of refused requests costs a bounded number of audit rows and log lines (issue 12, item
 * 4: 600 requests without a valid token were 600 audit rows and 600 INFO lines), successful
 * authentications stay one row each, the client's source is recorded (behind a trusted proxy, the
 * forwarded one), and a graceful stop loses nothing counted or queued.
 */
class RefusalFloodTest {
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "alice");
  static final byte[] NO_BODY = new byte[0];

  private static List<JsonNode> rows(ApiClient admin, String query) {
    List<JsonNode> rows = new ArrayList<>();
    admin.get("/admin/audit?limit=1000&" + query).json().forEach(rows::add);
    return rows;
  }

  private static long total(List<JsonNode> rows) {
    return rows.stream().mapToLong(r -> r.path("count").asLong()).sum();
  }

  @Test // gh-12 item 4
  void sixHundredRequestsWithoutAToken_twoAuditRowsAndOneLogLine() {
    try (TestServer server = TestServer.start()) {
      ApiClient alice = server.createPrincipal("alice", ALICE);
      server.flushAudit(); // a fresh interval
      try (LogCapture logs = LogCapture.start()) {
        for (int i = 0; i < 600; i++) {
          assertThat(server.anonymous().get("/whoami").status()).isEqualTo(401);
        }
        for (int i = 0; i < 5; i++) {
          assertThat(alice.get("/whoami").status()).isEqualTo(200);
        }

        assertThat(logs.lines()).filteredOn(l -> l.startsWith("INFO ") && l.contains("rejection=NO_TOKEN")).hasSize(1)
            .allMatch(l -> l.contains("source=127.0.0.1"));
      }
      server.flushAudit();

      List<JsonNode> refused = rows(server.admin(), "action=authenticate").stream()
          .filter(r -> r.path("reason").asText().startsWith("NO_TOKEN")).toList();
      assertThat(refused).hasSize(2);
      assertThat(total(refused)).isEqualTo(600);
      assertThat(refused).allMatch(r -> r.path("source").asText().equals("127.0.0.1") && r.path("outcome").asText().equals("failure"));
      List<JsonNode> accepted = rows(server.admin(), "action=authenticate&principal=alice").stream()
          .filter(r -> r.path("outcome").asText().equals("success")).toList();
      assertThat(accepted).hasSize(5).allMatch(r -> r.path("count").asLong() == 1 && r.path("source").asText().equals("127.0.0.1"));
    }
  }

  @Test
  void behindATrustedProxy_countedPerForwardedSource() {
    try (TestServer server = TestServer.builder().setting("trusted-proxies", "127.0.0.1").start()) {
      for (String client : List.of("198.51.100.7", "198.51.100.8")) {
        for (int i = 0; i < 10; i++) {
          server.anonymous().send("GET", "/whoami", NO_BODY, Map.of("X-Forwarded-For", "203.0.113.1, " + client));
        }
      }
      server.flushAudit();

      List<JsonNode> refused = rows(server.admin(), "action=authenticate").stream()
          .filter(r -> r.path("reason").asText().startsWith("NO_TOKEN")).toList();
      assertThat(refused).extracting(r -> r.path("source").asText())
          .containsExactlyInAnyOrder("198.51.100.7", "198.51.100.7", "198.51.100.8", "198.51.100.8");
      assertThat(total(refused)).isEqualTo(20);
    }
  }

  @Test
  void forwardingHeaderFromAnUntrustedPeer_ignored() {
    try (TestServer server = TestServer.start()) {
      server.anonymous().send("GET", "/whoami", NO_BODY, Map.of("X-Forwarded-For", "198.51.100.7"));
      server.flushAudit();

      assertThat(rows(server.admin(), "action=authenticate")).extracting(r -> r.path("source").asText()).contains("127.0.0.1")
          .doesNotContain("198.51.100.7");
    }
  }

  @Test // gh-13: nothing is lost on a graceful stop
  void gracefulStop_countedRefusalsAndQueuedEventsWritten(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir);
    try (TestServer server = TestServer.builder().dir(dir).start()) {
      ApiClient alice = server.createPrincipal("alice", ALICE);
      for (int i = 0; i < 50; i++) {
        server.anonymous().get("/me/keys");
      }
      for (int i = 0; i < 200; i++) {
        alice.get("/whoami");
      }
    } // closed: no flushAudit, the stop must write everything

    try (TestServer restarted = TestServer.builder().dir(dir).withManagement().start()) {
      assertThat(total(rows(restarted.admin(), "action=authenticate").stream()
          .filter(r -> r.path("reason").asText().startsWith("NO_TOKEN")).toList())).isEqualTo(50);
      assertThat(rows(restarted.admin(), "action=authenticate&principal=alice").stream()
          .filter(r -> r.path("outcome").asText().equals("success")).count()).isEqualTo(200);
      assertThat(restarted.management().get("/metrics").body()).contains("signet_audit_dropped_total 0.0");
    }
  }
}
