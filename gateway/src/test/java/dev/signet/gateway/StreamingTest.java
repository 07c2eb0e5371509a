package dev.signet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.examples.testing.TestIssuer;
import dev.signet.testing.TestKeys;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB upload (gh-16), generated as it is sent, through the gateway to an upstream that reads
 * it slowly. The test JVM (the gateway's too) has a 192 MB heap (see the pom), so the upload passes
 * only if every hop streams; the upstream's byte count and running CRC-32C prove every byte arrived
 * in order.
 */
class StreamingTest {
  static final long SIZE = 1L << 30;
  static OneRoute setup;
  static TestIssuer issuer;
  static Upstream upstream;
  static Gateway gateway;

  @BeforeAll
  static void start(@TempDir Path dir) {
    setup = OneRoute.start(dir, TestKeys.of(Algorithm.ES256, "streaming-issuer"), "/files", "files-api");
    issuer = setup.issuer();
    upstream = setup.upstream();
    gateway = setup.gateway();
  }

  @AfterAll
  static void stop() {
    setup.close();
  }

  @Test
  void post_1GibibyteToSlowUpstream_streamsWithBoundedMemory() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(gateway.uri().resolve("/files/upload")).timeout(Duration.ofMinutes(5))
        .header("Authorization", "Bearer " + issuer.accessToken("uploader", "files-api", ""))
        .header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Generated(SIZE))).build();

    HttpResponse<String> r = Fixture.send(request);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(SIZE + " " + expectedChecksum());
    assertThat(upstream.last().header("X-JWT-Sub")).containsExactly("uploader");
  }

  private static String expectedChecksum() throws Exception {
    CRC32C crc = new CRC32C();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = new Generated(SIZE)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        crc.update(buffer, 0, n);
      }
    }
    return Long.toHexString(crc.getValue());
  }

  /**
   * {@code size} bytes made as they are read: a fixed 64 KiB pattern whose first 8 bytes are the
   * block's number, so that every block differs and a lost, repeated or reordered block changes
   * the checksum.
   */
  static final class Generated extends InputStream {
    private static final int BLOCK = 1 << 16;
    private static final byte[] PATTERN = new byte[BLOCK];

    static {
      for (int i = 0; i < BLOCK; i++) {
        PATTERN[i] = (byte) (i * 31 + (i >>> 8) * 7);
      }
    }

    private final long size;
    private final byte[] block = PATTERN.clone();
    private long position;

    Generated(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int inBlock = (int) (position % BLOCK);
      if (inBlock == 0) {
        ByteBuffer.wrap(block).putLong(0, position / BLOCK);
      }
      int n = (int) Math.min(Math.min(len, BLOCK - inBlock), size - position);
      System.arraycopy(block, inBlock, b, off, n);
      position += n;
      return n;
    }
  }
}
