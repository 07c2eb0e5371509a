package dev.signet.server.keys;

import dev.signet.server.testing.Backend;
import dev.signet.server.testing.StoresTestBase;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the signing-key and encryption-key tests share on each backend: no server key before a
 * test, one master key, and every key set a test opened closed after it.
 */
abstract class ServerKeysTestBase extends StoresTestBase {
  MasterKey master = MasterKey.parse(MasterKey.generateEncoded());
  private final List<ForwardingServerKeys<?>> opened = new ArrayList<>();

  ServerKeysTestBase(Backend backend) {
    super(backend);
  }

  @BeforeEach
  void deleteServerKeys() {
    database().execute(c -> {
      try (Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM server_keys");
      }
    });
  }

  @AfterEach
  void closeKeys() {
    opened.forEach(ForwardingServerKeys::close);
  }

  /** {@code keys}, closed after the test. */
  <T extends ForwardingServerKeys<?>> T closedAfterTest(T keys) {
    opened.add(keys);
    return keys;
  }
}
