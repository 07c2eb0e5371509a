package dev.signet.web;

import java.util.List;
import java.util.Objects;

/**
 * What the {@link ResourceServer} decided about a request: let it through, anonymously on a
 * public route ({@link Public}) or as a verified caller ({@link Authenticated}), or answer it
 * ({@link Refused}) with a complete response that the integration writes as it is.
 *
 * {@snippet :
 * switch (resourceServer.authenticate(request, rules)) {
 *   case Decision.Public p -> chain.doFilter(req, res);
 *   case Decision.Authenticated(Identity who) -> serveAs(who);
 *   case Decision.Refused refused -> write(refused.status(), refused.headers(), refused.body());
 * }
 * }
 */
public sealed interface Decision permits Decision.Public, Decision.Authenticated, Decision.Refused {

  /** A public route: no credential was checked. */
  record Public() implements Decision {}

  /** The caller is verified and meets the route's requirement. */
  record Authenticated(Identity identity) implements Decision {
    public Authenticated {
      Objects.requireNonNull(identity, "identity");
    }
  }

  /**
   * The response to send instead of serving the request: 401 with {@code WWW-Authenticate}, 403
   * {@code insufficient_scope}, 400 for a malformed request, 413, or 503 when keys cannot be had.
   * The body is {@code {"error":"…"}}; it never says which check failed (the log does).
   */
  record Refused(int status, List<Header> headers, String body) implements Decision {
    public Refused {
      headers = List.copyOf(headers);
      Objects.requireNonNull(body, "body");
    }
  }

  /** One response header; a name may appear more than once ({@code WWW-Authenticate}). */
  record Header(String name, String value) {
    public Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }
}
