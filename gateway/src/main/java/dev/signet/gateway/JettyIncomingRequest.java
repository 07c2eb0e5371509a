package dev.signet.gateway;

import dev.signet.web.IncomingRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.jspecify.annotations.Nullable;

/**
 * A Jetty core request as the verification engine reads it. A body a request token binds
 * ({@code bsh}) is read into memory, up to the engine's limit, and kept as the request attribute
 * {@link #BODY} so that the proxy forwards those very bytes.
 */
final class JettyIncomingRequest implements IncomingRequest {
  static final String BODY = "dev.signet.gateway.body";

  private final Request request;
  private final String path;

  JettyIncomingRequest(Request request, String path) {
    this.request = request;
    this.path = path;
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String rawPath() {
    return request.getHttpURI().getPath();
  }

  @Override
  public @Nullable String rawQuery() {
    return request.getHttpURI().getQuery();
  }

  @Override
  public List<String> headers(String name) {
    return request.getHeaders().getValuesList(name);
  }

  @Override
  public String remoteAddress() {
    return Request.getRemoteAddr(request);
  }

  @Override
  public String scheme() {
    HttpURI uri = request.getHttpURI();
    String scheme = uri.getScheme();
    return scheme != null ? scheme : request.isSecure() ? "https" : "http";
  }

  @Override
  public Optional<byte[]> body(int maxBytes) throws IOException {
    if (request.getAttribute(BODY) instanceof byte[] read) {
      return Optional.of(read);
    }
    long declared = request.getLength();
    if (declared > maxBytes) {
      return Optional.empty();
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        return Optional.empty();
      }
      request.setAttribute(BODY, bytes);
      return Optional.of(bytes);
    }
  }
}
