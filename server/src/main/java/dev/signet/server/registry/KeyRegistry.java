package dev.signet.server.registry;

import static dev.signet.server.registry.RegistryException.Reason.DUPLICATE_KID;
import static dev.signet.server.registry.RegistryException.Reason.INVALID_VALIDITY;
import static dev.signet.server.registry.RegistryException.Reason.KEY_ALREADY_REGISTERED;
import static dev.signet.server.registry.RegistryException.Reason.KEY_HELD_ELSEWHERE;
import static dev.signet.server.registry.RegistryException.Reason.LAST_KEY;
import static dev.signet.server.registry.RegistryException.Reason.PRINCIPAL_EXISTS;
import static dev.signet.server.registry.RegistryException.Reason.TOO_MANY_KEYS;
import static dev.signet.server.registry.RegistryException.Reason.UNKNOWN_KEY;
import static dev.signet.server.registry.RegistryException.Reason.UNKNOWN_PRINCIPAL;

import dev.signet.VerificationKey;
import dev.signet.server.audit.Actor;
import dev.signet.server.audit.AuditAction;
import dev.signet.server.audit.AuditEvent;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.storage.Database;
import dev.signet.server.storage.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The key registry: principals and their public keys, in the {@link Database}. Every rule is
 * checked here, before or inside the transaction, and a broken rule is a {@link
 * RegistryException} with a typed reason, never an SQL error: names outside {@code
 * [A-Za-z0-9._@-]{1,64}}, a name that differs from an existing one only in case, a kid used twice
 * by one principal, a key (RFC 7638 thumbprint) registered for any principal already, more keys
 * for one principal than {@code maxKeysPerPrincipal} (counted under the principal's row lock, so
 * concurrent adds cannot pass it), unknown principals and keys, and a principal removing or
 * disabling its own last enabled key. Key parsing
 * and key policy are core's ({@link VerificationKey#parse}, {@link dev.signet.UnusableKeyException}).
 *
 * <p>Each change writes its audit entry in its own transaction (or joins the caller's, see {@link
 * Database#inTransaction}), and after the commit tells this instance's {@link CachedPrincipalKeys}.
 * Failures of the database are {@link dev.signet.server.storage.DatabaseUnavailableException}.
 *
 * <p>Thread-safe. Changes to one principal's keys are serialized by locking its row.
 */
public final class KeyRegistry {
  /** The default of {@code --max-keys-per-principal}. */
  public static final int DEFAULT_MAX_KEYS = 32;

  /** Where a page of a principal's keys ends: keys are listed by creation time, then kid. */
  public record KeyPosition(Instant createdAt, String kid) {}

  private final Database database;
  private final AuditLog audit;
  private final Clock clock;
  private final int maxKeys;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  /** A registry allowing {@value #DEFAULT_MAX_KEYS} keys per principal. */
  public KeyRegistry(Database database, AuditLog audit, Clock clock) {
    this(database, audit, clock, DEFAULT_MAX_KEYS);
  }

  public KeyRegistry(Database database, AuditLog audit, Clock clock, int maxKeysPerPrincipal) {
    if (maxKeysPerPrincipal < 1) {
      throw new IllegalArgumentException("maxKeysPerPrincipal must be positive: " + maxKeysPerPrincipal);
    }
    this.database = Objects.requireNonNull(database, "database");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxKeys = maxKeysPerPrincipal;
  }

  /** Creates a principal. @throws RegistryException {@code PRINCIPAL_EXISTS} (also for a case-only difference) */
  public Principal createPrincipal(PrincipalSpec spec, Actor actor) {
    Instant now = Jdbc.now(clock);
    Principal principal = new Principal(spec.name(), spec.roles(), spec.scopes(), spec.enabled(), spec.jwksUri(), spec.dpopRequired(), now, now);
    return database.inTransaction(c -> {
      Optional<String> clash = PrincipalRows.nameFolding(c, spec.name());
      if (clash.isPresent()) {
        throw exists(spec.name(), clash.get());
      }
      try {
        PrincipalRows.insert(c, principal);
      } catch (SQLException e) {
        if (Jdbc.isIntegrityViolation(e)) {
          throw exists(spec.name(), spec.name());
        }
        throw e;
      }
      audit.recordChange(actor, AuditAction.PRINCIPAL_CREATE, spec.name(), null, Changes.describe(principal));
      changed(spec.name());
      return principal;
    });
  }

  public Optional<Principal> principal(String name) {
    Names.principal(name);
    return database.inTransaction(c -> PrincipalRows.find(c, name, false));
  }

  /** All principals, by name. */
  public List<Principal> principals() {
    return database.inTransaction(PrincipalRows::all);
  }

  /** At most {@code limit} principals by name, starting after {@code after} (from the first when null). */
  public List<Principal> principals(@Nullable String after, int limit) {
    return database.inTransaction(c -> PrincipalRows.page(c, after, limit));
  }

  /**
   * Changes a principal under a row lock: {@code change} gets its current attributes and returns
   * the new ones (the name cannot change). Concurrent updates do not lose each other's changes.
   */
  public Principal updatePrincipal(String name, UnaryOperator<PrincipalSpec> change, Actor actor) {
    Names.principal(name);
    return database.inTransaction(c -> {
      Principal current = lockPrincipal(c, name);
      PrincipalSpec next = change.apply(current.spec());
      if (!next.name().equals(name)) {
        throw new IllegalArgumentException("a principal cannot be renamed: '" + name + "' to '" + next.name() + "'");
      }
      if (next.equals(current.spec())) {
        return current;
      }
      Principal updated = new Principal(
          name, next.roles(), next.scopes(), next.enabled(), next.jwksUri(), next.dpopRequired(), current.createdAt(), Jdbc.now(clock));
      PrincipalRows.update(c, updated);
      audit.recordChange(actor, AuditAction.PRINCIPAL_UPDATE, name, null, Changes.between(current, updated));
      changed(name);
      return updated;
    });
  }

  /** Deletes a principal with its keys and enrollments (its audit entries stay). */
  public void deletePrincipal(String name, Actor actor) {
    Names.principal(name);
    database.execute(c -> {
      if (!PrincipalRows.delete(c, name)) {
        throw unknownPrincipal(name);
      }
      audit.recordChange(actor, AuditAction.PRINCIPAL_DELETE, name, null, null);
      changed(name);
    });
  }

  /**
   * Adds a key to a principal, under the key's own {@code kid}.
   *
   * @throws RegistryException {@code UNKNOWN_PRINCIPAL}, {@code DUPLICATE_KID}, {@code
   *     KEY_ALREADY_REGISTERED}, {@code TOO_MANY_KEYS}, or an {@code INVALID_*} reason for the kid,
   *     label or validity
   */
  public RegisteredKey addKey(String principal, KeyRegistration registration, Actor actor) {
    Names.principal(principal);
    VerificationKey key = registration.key();
    Instant notBefore = registration.notBefore();
    Instant notAfter = registration.notAfter();
    if (notBefore != null && notAfter != null && !notBefore.isBefore(notAfter)) {
      throw new RegistryException(INVALID_VALIDITY,
          "not_before must be before not_after: " + notBefore + " is not before " + notAfter);
    }
    RegisteredKey row = new RegisteredKey(principal, Names.kid(key.kid()), key.thumbprint(), key.type(),
        key.algorithm().orElse(null), Names.label(key.label().orElse(null)), key.toJwk(), Jdbc.now(clock), null,
        notBefore, notAfter, false, registration.enrollmentId());
    return database.inTransaction(c -> {
      lockPrincipal(c, principal);
      int held = KeyRows.count(c, principal);
      if (held >= maxKeys) {
        throw new RegistryException(TOO_MANY_KEYS, "principal '" + principal + "' has " + held
            + " keys, the most one principal may have (--max-keys-per-principal " + maxKeys + "); delete one first");
      }
      if (KeyRows.find(c, principal, row.kid()).isPresent()) {
        throw duplicateKid(principal, row.kid());
      }
      Optional<RegisteredKey> same = KeyRows.byThumbprint(c, row.thumbprint());
      if (same.isPresent()) {
        throw alreadyRegistered(row, same.get(), actor);
      }
      try {
        KeyRows.insert(c, row);
      } catch (SQLException e) { // a concurrent insert won the race
        if (Jdbc.violates(e, KeyRows.THUMBPRINT_CONSTRAINT)) {
          throw alreadyRegistered(row, null, actor);
        }
        if (Jdbc.isIntegrityViolation(e)) {
          throw duplicateKid(principal, row.kid());
        }
        throw e;
      }
      audit.recordChange(actor, AuditAction.KEY_ADD, principal, row.kid(), key.description());
      changed(principal);
      return row;
    });
  }

  /** A principal's keys, oldest first. @throws RegistryException {@code UNKNOWN_PRINCIPAL} */
  public List<RegisteredKey> keys(String principal) {
    Names.principal(principal);
    return database.inTransaction(c -> {
      if (PrincipalRows.find(c, principal, false).isEmpty()) {
        throw unknownPrincipal(principal);
      }
      return KeyRows.ofPrincipal(c, principal);
    });
  }

  /**
   * At most {@code limit} of a principal's keys, oldest first, starting after {@code after} (from
   * the first when null). @throws RegistryException {@code UNKNOWN_PRINCIPAL}
   */
  public List<RegisteredKey> keys(String principal, @Nullable KeyPosition after, int limit) {
    Names.principal(principal);
    return database.inTransaction(c -> {
      if (PrincipalRows.find(c, principal, false).isEmpty()) {
        throw unknownPrincipal(principal);
      }
      return KeyRows.page(c, principal, after, limit);
    });
  }

  public Optional<RegisteredKey> key(String principal, String kid) {
    Names.principal(principal);
    Names.kid(kid);
    return database.inTransaction(c -> KeyRows.find(c, principal, kid));
  }

  /**
   * Deletes a key. When {@code actor} is the principal itself (self-service, or an admin on its
   * own keys) its last enabled key cannot go: {@code LAST_KEY}.
   */
  public void deleteKey(String principal, String kid, Actor actor) {
    changeKey(principal, kid, actor, AuditAction.KEY_DELETE, c -> KeyRows.delete(c, principal, kid));
  }

  /** Disables or re-enables a key; the self-service rule of {@link #deleteKey} applies to disabling. */
  public void setKeyDisabled(String principal, String kid, boolean disabled, Actor actor) {
    changeKey(principal, kid, actor, disabled ? AuditAction.KEY_DISABLE : AuditAction.KEY_ENABLE,
        c -> KeyRows.setDisabled(c, principal, kid, disabled));
  }

  private void changeKey(String principal, String kid, Actor actor, AuditAction action, KeyChange change) {
    Names.principal(principal);
    Names.kid(kid);
    database.execute(c -> {
      lockPrincipal(c, principal);
      List<RegisteredKey> keys = KeyRows.ofPrincipal(c, principal);
      RegisteredKey target = keys.stream().filter(k -> k.kid().equals(kid)).findFirst()
          .orElseThrow(() -> new RegistryException(UNKNOWN_KEY,
              "principal '" + principal + "' has no key with kid " + Names.show(kid)));
      boolean removesEnabled = !target.disabled() && action != AuditAction.KEY_ENABLE;
      boolean othersEnabled = keys.stream().anyMatch(k -> !k.kid().equals(kid) && !k.disabled());
      if (actor.is(principal) && removesEnabled && !othersEnabled) {
        throw new RegistryException(LAST_KEY, "cannot " + (action == AuditAction.KEY_DELETE ? "delete" : "disable")
            + " the last enabled key " + Names.show(kid) + " of principal '" + principal + "'; add another key first");
      }
      change.apply(c);
      audit.recordChange(actor, action, principal, kid, null);
      changed(principal);
    });
  }

  /** An enabled principal with its keys that are not disabled (validity windows not applied). */
  record EnabledPrincipal(Principal principal, List<RegisteredKey> keys) {}

  /** The principal and its keys that are not disabled; empty for an unknown or disabled principal. */
  Optional<EnabledPrincipal> enabledKeysOf(String principal) {
    return database.inTransaction(c -> {
      Optional<Principal> p = PrincipalRows.find(c, principal, false);
      if (p.isEmpty() || !p.get().enabled()) {
        return Optional.empty();
      }
      return Optional.of(new EnabledPrincipal(p.get(), KeyRows.ofPrincipal(c, principal).stream().filter(k -> !k.disabled()).toList()));
    });
  }

  /** Calls {@code listener} with a principal's name after each committed change to it or its keys. */
  void onChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  Database database() {
    return database;
  }

  private void changed(String principal) {
    database.afterCommit(() -> listeners.forEach(l -> l.accept(principal)));
  }

  private static Principal lockPrincipal(Connection c, String name) throws SQLException {
    return PrincipalRows.find(c, name, true).orElseThrow(() -> unknownPrincipal(name));
  }

  private static RegistryException unknownPrincipal(String name) {
    return new RegistryException(UNKNOWN_PRINCIPAL, "no principal '" + name + "'");
  }

  private static RegistryException exists(String name, String existing) {
    return new RegistryException(PRINCIPAL_EXISTS, existing.equals(name)
        ? "principal '" + name + "' already exists"
        : "principal '" + name + "' clashes with existing principal '" + existing + "' (names are unique regardless of case)");
  }

  private static RegistryException duplicateKid(String principal, String kid) {
    return new RegistryException(DUPLICATE_KID, "principal '" + principal + "' already has a key with kid " + Names.show(kid));
  }

  /**
   * A key registered already. For another principal, the refusal is audited (the admin who
   * resolves it learns who holds the key and who asked), and its message, which names the holder,
   * is for admins: see {@link RegistryException.Reason#KEY_HELD_ELSEWHERE}.
   */
  private RegistryException alreadyRegistered(RegisteredKey key, @Nullable RegisteredKey existing, Actor actor) {
    if (existing == null || existing.principal().equals(key.principal())) {
      String where = existing == null ? "" : " for this principal as kid " + Names.show(existing.kid());
      return new RegistryException(KEY_ALREADY_REGISTERED, "this key (thumbprint " + key.thumbprint() + ") is already registered" + where);
    }
    String message = "this key (thumbprint " + key.thumbprint() + ") is registered for principal '" + existing.principal()
        + "' as kid " + Names.show(existing.kid()) + "; delete it there first if it belongs to '" + key.principal() + "'";
    audit.enqueue(new AuditEvent(Jdbc.now(clock), actor.requestId(), actor.principal(), AuditAction.KEY_ADD, key.principal(),
        key.kid(), AuditEvent.Outcome.FAILURE, KEY_HELD_ELSEWHERE + ": " + message, actor.source(), 1));
    return new RegistryException(KEY_HELD_ELSEWHERE, message);
  }

  /** The key with this RFC 7638 thumbprint, whichever principal holds it: for admins resolving a clash. */
  public Optional<RegisteredKey> keyByThumbprint(String thumbprint) {
    if (thumbprint.length() != 43 || !thumbprint.chars().allMatch(ch -> (ch < 128 && Character.isLetterOrDigit(ch)) || ch == '-' || ch == '_')) {
      throw new RegistryException(RegistryException.Reason.INVALID_KID,
          "a thumbprint is 43 characters of base64url (RFC 7638, SHA-256): " + Names.show(thumbprint));
    }
    return database.inTransaction(c -> KeyRows.byThumbprint(c, thumbprint));
  }

  @FunctionalInterface
  private interface KeyChange {
    void apply(Connection c) throws SQLException;
  }
}
