package dev.signet.server.enrollment;

import dev.signet.VerificationKey;
import dev.signet.server.audit.Actor;
import dev.signet.server.registry.KeyRegistration;
import dev.signet.server.registry.KeyRegistry;
import dev.signet.server.registry.PrincipalSpec;
import dev.signet.server.registry.RegisteredKey;
import dev.signet.server.registry.RegistryException;
import dev.signet.server.storage.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Creates the {@code admin} principal on first start (SPEC §4), in one transaction:
 * <ul>
 *   <li>with an admin public key ({@code --admin-key}): {@code admin} with role {@code admin} and
 *       that key; {@link KeyInstalled};
 *   <li>without one, while {@code admin} has no key: {@code admin} with role {@code admin} and no
 *       key, its older unused codes revoked, and a fresh one-time code; {@link CodeIssued}, whose
 *       {@link CodeIssued#line()} the server prints;
 *   <li>once {@code admin} has a key: nothing; {@link AlreadyBootstrapped} (a given key is then ignored).
 * </ul>
 * Several instances starting together on one database each issue a code, and only the last one
 * stays valid; give such deployments {@code --admin-key}.
 */
public final class AdminBootstrap {
  public static final String ADMIN = "admin";
  public static final String ADMIN_ROLE = "admin";

  /** What the bootstrap did. */
  public sealed interface Result permits KeyInstalled, CodeIssued, AlreadyBootstrapped {}

  /** {@code admin} was given the admin key. */
  public record KeyInstalled(RegisteredKey key) implements Result {}

  /** {@code admin} has no key yet: here is a one-time code to enroll one. */
  public record CodeIssued(IssuedCode code) implements Result {
    /** The line to print on standard output: {@code admin enrollment code: <code>}. */
    public String line() {
      return "admin enrollment code: " + code.code();
    }
  }

  /** {@code admin} has a key already. */
  public record AlreadyBootstrapped() implements Result {}

  private final Database database;
  private final KeyRegistry registry;
  private final EnrollmentCodes codes;

  public AdminBootstrap(Database database, KeyRegistry registry, EnrollmentCodes codes) {
    this.database = Objects.requireNonNull(database, "database");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.codes = Objects.requireNonNull(codes, "codes");
  }

  /**
   * Runs the bootstrap.
   *
   * @param adminKey the admin's public key, or {@code null}
   * @throws RegistryException if the admin key is refused (e.g. registered for another principal)
   */
  public Result run(@Nullable VerificationKey adminKey) {
    try {
      return database.inTransaction(c -> once(c, adminKey));
    } catch (RegistryException e) {
      if (e.reason() != RegistryException.Reason.PRINCIPAL_EXISTS) {
        throw e;
      }
      return database.inTransaction(c -> once(c, adminKey)); // another instance created admin meanwhile
    }
  }

  private Result once(Connection c, @Nullable VerificationKey adminKey) throws SQLException {
    Actor server = Actor.server();
    if (registry.principal(ADMIN).isEmpty()) {
      registry.createPrincipal(PrincipalSpec.named(ADMIN).withRoles(Set.of(ADMIN_ROLE)), server);
    }
    List<RegisteredKey> keys = registry.keys(ADMIN);
    if (!keys.isEmpty()) {
      return new AlreadyBootstrapped();
    }
    codes.revokeUnused(c, ADMIN, server);
    if (adminKey != null) {
      return new KeyInstalled(registry.addKey(ADMIN, KeyRegistration.of(adminKey), server));
    }
    return new CodeIssued(codes.issue(ADMIN, server));
  }
}
