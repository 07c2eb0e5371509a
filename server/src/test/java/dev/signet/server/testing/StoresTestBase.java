package dev.signet.server.testing;

import dev.signet.server.registry.KeyRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A {@link DatabaseTestBase} with the stores open over it for each test: registry, enrollment
 * codes and audit log on a {@link TestStores#START mutable clock}. Subclasses add their own
 * {@code @BeforeEach} (it runs after this one) under another name than {@code openStores}.
 */
public abstract class StoresTestBase extends DatabaseTestBase {
  protected TestStores stores;
  protected KeyRegistry registry;

  protected StoresTestBase(Backend backend) {
    super(backend);
  }

  @BeforeEach
  final void openStores() {
    stores = TestStores.open(database());
    registry = stores.registry();
  }

  @AfterEach
  final void closeStores() {
    stores.close();
  }
}
