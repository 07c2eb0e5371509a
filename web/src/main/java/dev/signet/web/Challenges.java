package dev.signet.web;

import dev.signet.Algorithm;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The responses of refusals (RFC 6750 §3, RFC 9449 §7.1, SPEC §6): a 401 carries one
 * {@code WWW-Authenticate} challenge per scheme the route takes ({@code Bearer}, {@code DPoP}
 * with its {@code algs}, {@code JWT}), always with {@code error="invalid_token"}, so every refusal
 * on a route looks the same whatever check failed; a 403 names the missing scopes; the body is
 * {@code {"error":"…"}} and never carries a detail.
 */
final class Challenges {
  private final @Nullable String realm;
  private final Set<Credential> offered;
  private final String dpopAlgs;

  Challenges(@Nullable String realm, Set<Credential> offered, Set<Algorithm> dpopAlgorithms) {
    this.realm = realm;
    this.offered = offered.isEmpty() ? EnumSet.noneOf(Credential.class) : EnumSet.copyOf(offered);
    this.dpopAlgs = dpopAlgorithms.stream().map(Algorithm::name).collect(Collectors.joining(" "));
  }

  Decision.Refused refuse(Outcome.Status status, Access access, @Nullable Credential used) {
    List<Decision.Header> headers = new ArrayList<>();
    switch (status) {
      case UNAUTHORIZED, BAD_REQUEST -> {
        for (Credential c : Credential.values()) {
          if (offered.contains(c) && access.accepts(c)) {
            headers.add(challenge(c, status.error, null));
          }
        }
      }
      case FORBIDDEN -> headers.add(challenge(used == null ? Credential.BEARER : used, status.error,
          access.scopes().isEmpty() ? null : String.join(" ", access.scopes())));
      case UNAVAILABLE -> headers.add(new Decision.Header("Retry-After", "5"));
      case TOO_LARGE, SERVER_ERROR -> {}
    }
    headers.add(new Decision.Header("Content-Type", "application/json"));
    headers.add(new Decision.Header("Cache-Control", "no-store"));
    return new Decision.Refused(status.code, headers, "{\"error\":\"" + status.error + "\"}");
  }

  private Decision.Header challenge(Credential scheme, String error, @Nullable String scope) {
    StringBuilder value = new StringBuilder(scheme.scheme()).append(' ');
    if (realm != null) {
      value.append("realm=\"").append(realm).append("\", ");
    }
    if (scheme == Credential.DPOP) {
      value.append("algs=\"").append(dpopAlgs).append("\", ");
    }
    value.append("error=\"").append(error).append('"');
    if (scope != null) {
      value.append(", scope=\"").append(scope).append('"');
    }
    return new Decision.Header("WWW-Authenticate", value.toString());
  }
}
