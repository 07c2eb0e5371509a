package dev.signet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.examples.testing.TestIssuer;
import dev.signet.testing.TestKeys;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 256 MB upload, generated as it is sent, through the gateway to an upstream that reads it
 * slowly. The test JVM (the gateway's too) has a 192 MB heap (see the pom), so the upload passes
 * only if every hop streams; the upstream's digest proves every byte arrived in order.
 */
class StreamingTest {
  static final long SIZE = 256L << 20;
  static TestIssuer issuer;
  static Upstream upstream;
  static Gateway gateway;

  @BeforeAll
  static void start(@TempDir Path dir) {
    issuer = TestIssuer.start(TestKeys.of(Algorithm.ES256, "streaming-issuer"));
    upstream = new Upstream();
    gateway = Gateway.start(Fixture.write(dir, """
        listen: 127.0.0.1:0
        issuers:
          - {issuer: %1$s, jwks_uri: %1$s/jwks.json}
        routes:
          - {path: /files, upstream: %2$s, audience: files-api, auth: access-token}
        """.formatted(issuer.issuer(), upstream.url())));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    upstream.close();
    issuer.close();
  }

  @Test
  void post_256MegabytesToSlowUpstream_streamsWithBoundedMemory() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(gateway.uri().resolve("/files/upload")).timeout(Duration.ofMinutes(5))
        .header("Authorization", "Bearer " + issuer.accessToken("uploader", "files-api", ""))
        .header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Generated(SIZE))).build();

    HttpResponse<String> r = Fixture.send(request);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(SIZE + " " + expectedDigest());
    assertThat(upstream.last().header("X-JWT-Sub")).containsExactly("uploader");
  }

  private static String expectedDigest() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = new Generated(SIZE)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** {@code size} bytes of a fixed pattern that differs in every 64 KiB block, made as they are read. */
  static final class Generated extends InputStream {
    private final long size;
    private long position;

    Generated(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      return position < size ? value(position++) : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) value(position++);
      }
      return n;
    }

    private static int value(long at) {
      return (int) ((at * 31 + (at >>> 16) * 7) & 0xff);
    }
  }
}
