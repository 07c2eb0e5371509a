package dev.signet.server.enrollment;

import static dev.signet.server.enrollment.EnrollmentException.Reason.ENROLLMENT_USED;
import static dev.signet.server.enrollment.EnrollmentException.Reason.EXPIRED_CODE;
import static dev.signet.server.enrollment.EnrollmentException.Reason.REVOKED_CODE;
import static dev.signet.server.enrollment.EnrollmentException.Reason.UNKNOWN_CODE;
import static dev.signet.server.enrollment.EnrollmentException.Reason.UNKNOWN_ENROLLMENT;
import static dev.signet.server.enrollment.EnrollmentException.Reason.USED_CODE;

import dev.signet.VerificationKey;
import dev.signet.server.audit.Actor;
import dev.signet.server.audit.AuditAction;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.audit.RefusedRequests;
import dev.signet.server.audit.SafeText;
import dev.signet.server.registry.KeyRegistration;
import dev.signet.server.registry.KeyRegistry;
import dev.signet.server.registry.Principal;
import dev.signet.server.registry.RegisteredKey;
import dev.signet.server.registry.RegistryException;
import dev.signet.server.storage.Database;
import dev.signet.server.storage.Jdbc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-time enrollment codes: an admin {@linkplain #issue issues} a code for a principal, the
 * principal's owner {@linkplain #redeem redeems} it with a public key it generated, and the key is
 * registered for the principal.
 *
 * <p>A code is 192 random bits (base64url); only its SHA-256 hash is stored. It expires (default
 * 15 minutes) and works once, also under concurrent use: redeeming is one conditional {@code
 * UPDATE … WHERE code_hash = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?} that
 * must change exactly one row, in the same transaction as adding the key. The key is parsed only
 * after that claim: a caller without a valid code never makes the server parse key text. If the
 * key is refused (unparseable, duplicate, already registered) the transaction rolls back and the
 * code stays usable. The enrollment records which key it enrolled (kid and thumbprint) and when.
 *
 * <p>Thread-safe.
 */
public final class EnrollmentCodes {
  private static final Logger log = LoggerFactory.getLogger(EnrollmentCodes.class);
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);
  public static final Duration MAX_TTL = Duration.ofDays(7);
  private static final int CODE_BYTES = 24;
  private final Duration defaultTtl;
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{32}");

  private final Database database;
  private final KeyRegistry registry;
  private final AuditLog audit;
  private final Clock clock;
  private final RefusedRequests refusals;
  private final SecureRandom random = new SecureRandom();

  public EnrollmentCodes(Database database, KeyRegistry registry, AuditLog audit, Clock clock) {
    this(database, registry, audit, clock, DEFAULT_TTL);
  }

  /** Codes issued without a lifetime of their own live {@code defaultTtl} ({@code --enrollment-ttl}). */
  public EnrollmentCodes(Database database, KeyRegistry registry, AuditLog audit, Clock clock, Duration defaultTtl) {
    this(database, registry, audit, clock, defaultTtl, new RefusedRequests(audit, clock));
  }

  /** Refused redemptions are counted in {@code refusals} (per source and reason, see {@link RefusedRequests}). */
  public EnrollmentCodes(Database database, KeyRegistry registry, AuditLog audit, Clock clock, Duration defaultTtl,
      RefusedRequests refusals) {
    if (defaultTtl.isNegative() || defaultTtl.isZero() || defaultTtl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("default lifetime must be positive and at most " + MAX_TTL + ": " + defaultTtl);
    }
    this.defaultTtl = defaultTtl;
    this.database = Objects.requireNonNull(database, "database");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.refusals = Objects.requireNonNull(refusals, "refusals");
  }

  /** A code for {@code principal} valid for the default lifetime. */
  public IssuedCode issue(String principal, Actor actor) {
    return issue(principal, defaultTtl, actor);
  }

  /**
   * A new code for {@code principal}, valid for {@code ttl}.
   *
   * @throws IllegalArgumentException if {@code ttl} is not positive or exceeds {@link #MAX_TTL}
   * @throws RegistryException {@code UNKNOWN_PRINCIPAL} or {@code INVALID_NAME}
   */
  public IssuedCode issue(String principal, Duration ttl, Actor actor) {
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("enrollment code lifetime must be positive and at most " + MAX_TTL + ": " + ttl);
    }
    byte[] bytes = new byte[CODE_BYTES];
    random.nextBytes(bytes);
    String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = Jdbc.now(clock);
    Instant expiresAt = now.plus(ttl);
    Enrollment enrollment = database.inTransaction(c -> {
      requirePrincipal(principal);
      long id = EnrollmentRows.insert(c, principal, hash(code), now, expiresAt, actor.principal());
      audit.recordChange(actor, AuditAction.ENROLLMENT_CREATE, principal, null,
          "enrollment " + id + " expires " + expiresAt);
      return new Enrollment(id, principal, now, expiresAt, actor.principal(), null, null, null, null);
    });
    return new IssuedCode(code, enrollment);
  }

  /**
   * Registers {@code key} for the principal {@code code} was issued for, and uses the code up.
   * Refusals are audited (asynchronously), without the code.
   *
   * @throws EnrollmentException {@code UNKNOWN_CODE}, {@code EXPIRED_CODE}, {@code USED_CODE} or
   *     {@code REVOKED_CODE}
   * @throws RegistryException if the registry refuses the key ({@code DUPLICATE_KID}, {@code
   *     KEY_ALREADY_REGISTERED}, {@code INVALID_KID}…); the code then stays usable
   */
  public RegisteredKey redeem(String code, VerificationKey key, @Nullable String requestId) {
    Objects.requireNonNull(key, "key");
    return redeem(code, () -> key, Actor.anonymous(requestId, null));
  }

  /**
   * Like {@link #redeem(String, VerificationKey, String)} for {@code requester} (an anonymous
   * actor: its request id and source), but the key is parsed only once the
   * code is claimed: {@code key} runs inside the claiming transaction, never for a malformed,
   * unknown, used, revoked or expired code. Parsing a key costs CPU, and an unauthenticated caller
   * must not be able to make the server spend it; a code is what authenticates a redeemer. If
   * {@code key} throws, the transaction rolls back and the code stays usable.
   */
  public RegisteredKey redeem(String code, Supplier<VerificationKey> key, Actor requester) {
    Objects.requireNonNull(key, "key");
    String candidate = code.strip();
    if (!CODE.matcher(candidate).matches()) {
      throw refused(null, requester, null, new EnrollmentException(UNKNOWN_CODE, "unknown enrollment code"));
    }
    String hash = hash(candidate);
    Instant now = Jdbc.now(clock);
    return database.inTransaction(c -> {
      if (EnrollmentRows.claim(c, hash, now) != 1) {
        Optional<Enrollment> found = EnrollmentRows.byHash(c, hash);
        throw refused(found.map(Enrollment::principal).orElse(null), requester, null, whyNot(found, now));
      }
      Enrollment enrollment = EnrollmentRows.byHash(c, hash).orElseThrow(() -> new SQLException("claimed code vanished"));
      VerificationKey parsed = key.get();
      Actor actor = requester.as(enrollment.principal());
      try {
        RegisteredKey added = registry.addKey(
            enrollment.principal(), KeyRegistration.of(parsed).fromEnrollment(enrollment.id()), actor);
        EnrollmentRows.recordKey(c, hash, added.kid(), added.thumbprint());
        audit.recordChange(actor, AuditAction.ENROLLMENT_REDEEM, enrollment.principal(), added.kid(),
            "enrollment " + enrollment.id());
        return added;
      } catch (RegistryException e) {
        throw refused(enrollment.principal(), requester, parsed.kid(), e);
      }
    });
  }

  /** A principal's enrollments, newest first. @throws RegistryException {@code UNKNOWN_PRINCIPAL} */
  public List<Enrollment> enrollments(String principal) {
    return database.inTransaction(c -> {
      requirePrincipal(principal);
      return EnrollmentRows.ofPrincipal(c, principal);
    });
  }

  /** Where a page of enrollments ends: they are listed newest first, by creation time, then id. */
  public record Position(Instant createdAt, long id) {}

  /**
   * At most {@code limit} of a principal's enrollments, newest first, starting after {@code
   * after} (the end of an earlier page; from the newest when null).
   *
   * @throws RegistryException {@code UNKNOWN_PRINCIPAL}
   */
  public List<Enrollment> enrollments(String principal, @Nullable Position after, int limit) {
    return database.inTransaction(c -> {
      requirePrincipal(principal);
      return EnrollmentRows.page(c, principal, after == null ? null : after.createdAt(), after == null ? 0 : after.id(), limit);
    });
  }

  /**
   * Revokes an unused code; revoking a revoked one changes nothing.
   *
   * @throws EnrollmentException {@code UNKNOWN_ENROLLMENT}, or {@code ENROLLMENT_USED} if it enrolled a key
   */
  public Enrollment revoke(String principal, long id, Actor actor) {
    Instant now = Jdbc.now(clock);
    return database.inTransaction(c -> {
      requirePrincipal(principal);
      if (EnrollmentRows.revoke(c, principal, id, now) == 1) {
        audit.recordChange(actor, AuditAction.ENROLLMENT_REVOKE, principal, null, "enrollment " + id);
      }
      Enrollment enrollment = EnrollmentRows.find(c, principal, id).orElseThrow(() -> new EnrollmentException(
          UNKNOWN_ENROLLMENT, "principal '" + principal + "' has no enrollment " + id));
      if (enrollment.usedAt() != null) {
        throw new EnrollmentException(ENROLLMENT_USED,
            "enrollment " + id + " of principal '" + principal + "' was used at " + enrollment.usedAt()
                + " (kid '" + enrollment.usedKid() + "'); delete the key instead");
      }
      return enrollment;
    });
  }

  /** Revokes every unused code of {@code principal}; returns how many. */
  int revokeUnused(Connection c, String principal, Actor actor) throws SQLException {
    int revoked = EnrollmentRows.revokeUnused(c, principal, Jdbc.now(clock));
    if (revoked > 0) {
      audit.recordChange(actor, AuditAction.ENROLLMENT_REVOKE, principal, null, revoked + " unused codes");
    }
    return revoked;
  }

  private Principal requirePrincipal(String principal) {
    return registry.principal(principal).orElseThrow(() -> new RegistryException(
        RegistryException.Reason.UNKNOWN_PRINCIPAL, "no principal '" + principal + "'"));
  }

  private static EnrollmentException whyNot(Optional<Enrollment> found, Instant now) {
    if (found.isEmpty()) {
      return new EnrollmentException(UNKNOWN_CODE, "unknown enrollment code");
    }
    Enrollment e = found.get();
    return switch (e.status(now)) {
      case USED -> new EnrollmentException(USED_CODE, "enrollment code was used already, at " + e.usedAt());
      case REVOKED -> new EnrollmentException(REVOKED_CODE, "enrollment code was revoked at " + e.revokedAt());
      case EXPIRED -> new EnrollmentException(EXPIRED_CODE, "enrollment code expired at " + e.expiresAt());
      case PENDING -> new EnrollmentException(USED_CODE, "enrollment code is being used by a concurrent request");
    };
  }

  /** Audits a refused redemption (counted with others of its kind) and logs it when it is the first. */
  private <E extends RuntimeException> E refused(@Nullable String principal, Actor requester, @Nullable String kid, E error) {
    String reason = error instanceof EnrollmentException e ? e.reason().name()
        : error instanceof RegistryException r ? r.reason().name() : error.getClass().getSimpleName();
    String message = String.valueOf(error.getMessage());
    if (refusals.refused(AuditAction.ENROLLMENT_REDEEM, requester.source(), reason, principal, kid, requester.requestId(), message)) {
      log.info("enrollment refused ({}): {} source={} request={}", reason, SafeText.escape(message),
          SafeText.escape(requester.source()), requester.requestId());
    } else {
      log.debug("enrollment refused ({}): {} source={} request={}", reason, SafeText.escape(message),
          SafeText.escape(requester.source()), requester.requestId());
    }
    return error;
  }

  static String hash(String code) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
