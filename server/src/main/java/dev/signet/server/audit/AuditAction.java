package dev.signet.server.audit;

import java.util.Optional;

/** What an audit entry records. Stored as its {@link #code()}, e.g. {@code key.add}. */
public enum AuditAction {
  PRINCIPAL_CREATE("principal.create"),
  PRINCIPAL_UPDATE("principal.update"),
  PRINCIPAL_DELETE("principal.delete"),
  KEY_ADD("key.add"),
  KEY_DELETE("key.delete"),
  KEY_DISABLE("key.disable"),
  KEY_ENABLE("key.enable"),
  ENROLLMENT_CREATE("enrollment.create"),
  ENROLLMENT_REDEEM("enrollment.redeem"),
  ENROLLMENT_REVOKE("enrollment.revoke"),
  /** A request token or client assertion was accepted or rejected. */
  AUTHENTICATE("authenticate"),
  /** An authenticated caller was refused a route its roles do not allow (HTTP 403). */
  AUTHORIZE("authorize"),
  TOKEN_ISSUE("token.issue"),
  /** The server made one of its own keys (first start, schedule, or an admin's rotation). */
  SERVER_KEY_CREATE("server_key.create"),
  /** One of the server's own keys was retired by an admin. */
  SERVER_KEY_RETIRE("server_key.retire"),
  TOKEN_REVOKE("token.revoke");

  private final String code;

  AuditAction(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<AuditAction> fromCode(String code) {
    for (AuditAction a : values()) {
      if (a.code.equals(code)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return code;
  }
}
