package dev.signet.web.javalin;

import dev.signet.web.Access;
import io.javalin.security.RouteRole;
import java.util.Objects;

/**
 * A Javalin route role that says what a route asks of a caller; routes without one ask what the
 * plugin's {@link dev.signet.web.AccessRules} say (by default: any valid credential).
 *
 * {@snippet :
 * config.routes.get("/health", ctx -> ctx.result("ok"), SignetRole.publicRoute());
 * config.routes.get("/orders", OrderRoutes::list, SignetRole.scopes("orders:read"));
 * config.routes.post("/orders", OrderRoutes::create, SignetRole.of(Access.scopes("orders:write").only(Credential.DPOP)));
 * }
 *
 * <p>Several roles on one route add up: the scopes of each, the credentials all accept.
 *
 * @param access what the route asks
 */
public record SignetRole(Access access) implements RouteRole {
  public SignetRole {
    Objects.requireNonNull(access, "access");
  }

  /** No credential needed. */
  public static SignetRole publicRoute() {
    return new SignetRole(Access.publicRoute());
  }

  /** An access token with every one of these scopes. */
  public static SignetRole scopes(String... required) {
    return new SignetRole(Access.scopes(required));
  }

  public static SignetRole of(Access access) {
    return new SignetRole(access);
  }
}
