package dev.signet.server.http;

import dev.signet.server.audit.AuditEvent;
import dev.signet.server.enrollment.Enrollment;
import dev.signet.server.registry.Principal;
import dev.signet.server.registry.RegisteredKey;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The JSON shapes the API answers with (field names in snake_case through {@link Json#MAPPER}). */
final class Views {
  private Views() {}

  record PrincipalView(String name, Set<String> roles, Set<String> scopes, boolean enabled,
      @Nullable String jwksUri, boolean dpopRequired, Instant createdAt, Instant updatedAt) {
    static PrincipalView of(Principal p) {
      return new PrincipalView(p.name(), p.roles(), p.scopes(), p.enabled(),
          p.jwksUri() == null ? null : p.jwksUri().toString(), p.dpopRequired(), p.createdAt(), p.updatedAt());
    }
  }

  record KeyView(String principal, String kid, String kty, String alg, boolean algPinned, String thumbprint,
      @Nullable String label, Instant createdAt, @Nullable Instant lastUsedAt, @Nullable Instant notBefore,
      @Nullable Instant notAfter, boolean disabled, @Nullable Long enrollmentId, Map<String, Object> jwk) {
    static KeyView of(RegisteredKey k) {
      return new KeyView(k.principal(), k.kid(), k.type().name(), k.defaultAlgorithm().name(), k.algorithm() != null,
          k.thumbprint(), k.label(), k.createdAt(), k.lastUsedAt(), k.notBefore(), k.notAfter(), k.disabled(),
          k.enrollmentId(), jwk(k.publicJwk()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jwk(String json) {
      try {
        return Json.MAPPER.readValue(json, Map.class);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("stored JWK is not JSON", e);
      }
    }
  }

  record EnrollmentView(long id, String principal, String status, Instant createdAt, Instant expiresAt,
      @Nullable String createdBy, @Nullable Instant usedAt, @Nullable String usedKid, @Nullable String usedThumbprint,
      @Nullable Instant revokedAt) {
    static EnrollmentView of(Enrollment e, Instant now) {
      return new EnrollmentView(e.id(), e.principal(), e.status(now).name().toLowerCase(java.util.Locale.ROOT),
          e.createdAt(), e.expiresAt(), e.createdBy(), e.usedAt(), e.usedKid(), e.usedThumbprint(), e.revokedAt());
    }
  }

  /** A new code: the only time it is ever shown. */
  record IssuedCodeView(String code, long id, String principal, Instant expiresAt) {}

  /** {@code count}: how many requests the entry stands for (refused requests are counted together). */
  record AuditView(Instant at, @Nullable String requestId, @Nullable String actor, String action,
      @Nullable String subject, @Nullable String kid, String outcome, @Nullable String reason, @Nullable String source,
      long count) {
    static AuditView of(AuditEvent e) {
      return new AuditView(e.at(), e.requestId(), e.actor(), e.action().code(), e.subject(), e.kid(),
          e.outcome().name().toLowerCase(java.util.Locale.ROOT), e.reason(), e.source(), e.count());
    }
  }

  /** {@code payload} appears only in answers to {@code POST /whoami}. */
  record WhoamiView(String principal, String kid, String method, String scope,
      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) @Nullable Object payload) {}
}
