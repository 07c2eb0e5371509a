package dev.signet.web.servlet;

import dev.signet.web.IncomingRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An {@link HttpServletRequest} as the {@link dev.signet.web.ResourceServer} reads it, for any
 * servlet-based integration. A body read for a request token is kept, and
 * {@link #forward()} hands the application a request that reads it again.
 *
 * <p>Not thread-safe: one instance per request.
 */
public final class ServletIncomingRequest implements IncomingRequest {
  private final HttpServletRequest request;
  private byte @Nullable [] body;

  public ServletIncomingRequest(HttpServletRequest request) {
    this.request = Objects.requireNonNull(request, "request");
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  /** {@code getServletPath() + getPathInfo()}: decoded and normalised by the container. */
  @Override
  public String path() {
    String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
    String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
    String path = servletPath + pathInfo;
    return path.isEmpty() ? "/" : path;
  }

  @Override
  public String rawPath() {
    return request.getRequestURI();
  }

  @Override
  public @Nullable String rawQuery() {
    return request.getQueryString();
  }

  @Override
  public List<String> headers(String name) {
    var values = request.getHeaders(name);
    return values == null ? List.of() : Collections.list(values);
  }

  @Override
  public String remoteAddress() {
    return request.getRemoteAddr();
  }

  @Override
  public String scheme() {
    return request.getScheme();
  }

  @Override
  public Optional<byte[]> body(int maxBytes) throws IOException {
    if (body == null) {
      if (request.getContentLengthLong() > maxBytes) {
        return Optional.empty();
      }
      try (InputStream in = request.getInputStream()) {
        byte[] read = in.readNBytes(maxBytes + 1);
        if (read.length > maxBytes) {
          return Optional.empty();
        }
        body = read;
      }
    }
    return Optional.of(body.clone());
  }

  /** The request to pass on: the original, or one that reads the body again once it was read here. */
  public HttpServletRequest forward() {
    byte[] read = body;
    return read == null ? request : new BodyInMemory(request, read);
  }

}
