package dev.signet.web;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the {@link ResourceServer} reads of an HTTP request: an integration's view of its host's
 * request type ({@code HttpServletRequest}, Javalin's {@code Context}…). The servlet integration's
 * {@link dev.signet.web.servlet.ServletIncomingRequest} serves any servlet-based host.
 *
 * <p>Nothing here is trusted: header values are the client's. The request's own host and scheme
 * are read only when {@link #remoteAddress()} is a trusted proxy.
 */
public interface IncomingRequest {

  /** The method, as sent ({@code GET}). */
  String method();

  /**
   * The path as the application routes it: decoded, normalised by the host, without the context
   * path (a servlet's {@code getServletPath() + getPathInfo()}). {@link AccessRules} match on it.
   */
  String path();

  /**
   * The request target's path as received, percent-encoded and with any context path: what a
   * client puts after the host in a {@code htu} claim (the query excluded).
   */
  String rawPath();

  /** The raw query string without {@code ?}, or null when there is none. */
  @Nullable String rawQuery();

  /** Every value of the header {@code name} (case-insensitive), in order; empty when absent. */
  List<String> headers(String name);

  /** The IP address of the peer that sent the request (a proxy's, behind a proxy). */
  String remoteAddress();

  /** {@code http} or {@code https}, as the connection came in. */
  String scheme();

  /**
   * The body, when it has at most {@code maxBytes} bytes; empty when it has more. Read only for
   * request tokens that bind the body ({@code bsh}); the application can still read it afterwards.
   *
   * @throws IOException if it cannot be read
   */
  Optional<byte[]> body(int maxBytes) throws IOException;
}
