package dev.signet.internal;

import dev.signet.Binding;
import dev.signet.Rejection;
import dev.signet.RequestContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks the request-binding claims of a request token against the request: each present claim
 * must match, and each required one must be present. {@code htu} and {@code qsh} match when they
 * match the request under any of the URLs it may be addressed as ({@link RequestContext#uris()}).
 */
public final class BindingCheck {
  private BindingCheck() {}

  public static void check(Map<String, Object> claims, @Nullable RequestContext request, Set<Binding> required, Trace trace) {
    for (Binding binding : Binding.values()) {
      String claim = ClaimReader.optionalString(claims, binding.claim(), 8192);
      if (claim == null) {
        if (required.contains(binding)) {
          throw new Reject(Rejection.MISSING_CLAIM, "claim '" + binding.claim() + "' is required here (request binding)");
        }
        continue;
      }
      if (request == null) {
        throw new Reject(Rejection.BINDING_MISMATCH,
            "token is bound to a request ('" + binding.claim() + "') but no request was given to check it against");
      }
      List<String> expected = expected(binding, request);
      if (expected.stream().noneMatch(e -> matches(binding, claim, e))) {
        throw new Reject(Rejection.BINDING_MISMATCH, "claim '" + binding.claim() + "' is '" + ParsedJws.printable(claim)
            + "' but the request gives '" + ParsedJws.printable(expected.getFirst()) + "'"
            + (expected.size() > 1 ? " (or " + expected.subList(1, expected.size()).stream().map(e -> "'" + ParsedJws.printable(e) + "'").toList() + ")" : ""));
      }
      trace.pass(binding.claim(), () -> "'" + claim + "' matches the request");
    }
  }

  private static List<String> expected(Binding binding, RequestContext request) {
    return switch (binding) {
      case HTM -> List.of(request.method());
      case HTU -> request.uris().stream().map(RequestHashes::htu).distinct().toList();
      case QSH -> request.uris().stream().map(u -> RequestHashes.qsh(request.method(), u)).distinct().toList();
      case BSH -> List.of(RequestHashes.bsh(request.body()));
    };
  }

  private static boolean matches(Binding binding, String claim, String expected) {
    return switch (binding) {
      case HTM -> claim.equals(expected);
      case HTU -> expected.equals(RequestHashes.normalizeHtu(claim));
      case QSH -> claim.equalsIgnoreCase(expected);
      case BSH -> MessageDigest.isEqual(claim.getBytes(StandardCharsets.US_ASCII), expected.getBytes(StandardCharsets.US_ASCII));
    };
  }
}
