package dev.signet.server.registry;

import java.util.Objects;

/**
 * A registry operation refused by the registry's rules: the caller's fault, never the database's.
 * {@link #reason()} is for programs (its {@link Reason#kind() kind} maps to an HTTP status), the
 * message for people: it names the offending value, quoted and shortened, and never key material.
 */
public final class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** How the HTTP layer answers a reason. */
  public enum Kind {
    /** The input breaks a rule: 400. */
    INVALID,
    /** The principal or key does not exist: 404. */
    NOT_FOUND,
    /** The input clashes with what is stored: 409. */
    CONFLICT
  }

  /** Why an operation was refused. */
  public enum Reason {
    INVALID_NAME(Kind.INVALID),
    INVALID_ROLE(Kind.INVALID),
    INVALID_SCOPE(Kind.INVALID),
    INVALID_JWKS_URI(Kind.INVALID),
    INVALID_KID(Kind.INVALID),
    INVALID_LABEL(Kind.INVALID),
    INVALID_VALIDITY(Kind.INVALID),
    UNKNOWN_PRINCIPAL(Kind.NOT_FOUND),
    UNKNOWN_KEY(Kind.NOT_FOUND),
    PRINCIPAL_EXISTS(Kind.CONFLICT),
    DUPLICATE_KID(Kind.CONFLICT),
    /** The same key (RFC 7638 thumbprint) is registered already, for this principal (or one not known). */
    KEY_ALREADY_REGISTERED(Kind.CONFLICT),
    /**
     * The same key is registered for another principal. The message names it: for admins only;
     * anyone else is told the key cannot be registered and to ask an admin.
     */
    KEY_HELD_ELSEWHERE(Kind.CONFLICT),
    /** A principal may not remove or disable its own last enabled key. */
    LAST_KEY(Kind.CONFLICT),
    /** The principal has as many keys as one may have ({@code --max-keys-per-principal}). */
    TOO_MANY_KEYS(Kind.CONFLICT);

    private final Kind kind;

    Reason(Kind kind) {
      this.kind = kind;
    }

    public Kind kind() {
      return kind;
    }
  }

  private final Reason reason;

  public RegistryException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
