package dev.signet.cli;

import dev.signet.Explanation;
import dev.signet.Rejection;
import dev.signet.TokenProfile;
import dev.signet.Verification;
import dev.signet.VerifiedToken;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** How {@code token verify} shows its outcome: one line, every check in aligned columns, or JSON. */
final class VerificationReport {
  private final PrintWriter out;
  private final Instant now;

  VerificationReport(PrintWriter out, Instant now) {
    this.out = out;
    this.now = now;
  }

  void text(Explanation outcome, boolean explain) {
    if (explain) {
      List<ExplainedCheck> rows = ExplainedCheck.of(outcome);
      int width = rows.stream().mapToInt(c -> c.name().length()).max().orElse(0);
      for (ExplainedCheck row : rows) {
        String detail = row.reason() == null ? row.detail() : row.reason() + ": " + row.detail();
        out.println(String.format(Locale.ROOT, "%-4s  %-" + width + "s  %s", row.status(), row.name(), TerminalText.escape(detail)));
      }
    }
    out.println(verdict(outcome.result()));
    out.flush();
  }

  void json(Explanation outcome, boolean explain) {
    Map<String, Object> json = new LinkedHashMap<>();
    switch (outcome.result()) {
      case Verification.Valid(VerifiedToken t) -> {
        json.put("valid", true);
        json.put("principal", t.principal());
        json.put("profile", t.profile().name().toLowerCase(Locale.ROOT));
        json.put("kid", t.keyId());
        json.put("alg", t.algorithm().name());
        json.put("issued_at", t.issuedAt().toString());
        json.put("expires_at", t.expiresAt().toString());
        json.put("token_id", t.tokenId());
        json.put("scopes", List.copyOf(t.scopes()));
        json.put("claims", t.claims().asMap());
      }
      case Verification.Invalid(Rejection reason, String detail) -> {
        json.put("valid", false);
        json.put("reason", reason.name());
        json.put("detail", detail);
      }
    }
    if (explain) {
      json.put("checks", ExplainedCheck.of(outcome).stream().map(VerificationReport::json).toList());
    }
    out.println(Json.pretty(json));
    out.flush();
  }

  private static Map<String, @Nullable Object> json(ExplainedCheck check) {
    Map<String, @Nullable Object> json = new LinkedHashMap<>();
    json.put("check", check.name());
    json.put("passed", check.passed());
    if (check.reason() != null) {
      json.put("reason", check.reason().name());
    }
    json.put("detail", check.detail());
    return json;
  }

  private String verdict(Verification result) {
    return switch (result) {
      case Verification.Valid(VerifiedToken t) -> "valid: " + describe(t);
      case Verification.Invalid(Rejection reason, String detail) -> "invalid: " + reason + ": " + TerminalText.escape(detail);
    };
  }

  private String describe(VerifiedToken t) {
    String principal = TerminalText.escape(t.principal());
    String what = t.profile() == TokenProfile.ACCESS_TOKEN
        ? "access token for '" + principal + "'"
            + (t.scopes().isEmpty() ? "" : " with scope '" + TerminalText.escape(String.join(" ", t.scopes())) + "'")
        : t.profile().name().toLowerCase(Locale.ROOT) + " request token of '" + principal + "'";
    // a compatible token has no exp: it is acceptable until its time plus the skew
    String until = t.profile() == TokenProfile.COMPATIBLE ? "acceptable until " : "expires ";
    return what + ", key '" + TerminalText.escape(t.keyId()) + "', " + t.algorithm() + ", " + until
        + RelativeTime.withInstant(t.expiresAt(), now);
  }
}
