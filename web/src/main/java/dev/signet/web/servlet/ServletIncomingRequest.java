package dev.signet.web.servlet;

import dev.signet.web.IncomingRequest;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
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
    return read == null ? request : new ReplayedBody(request, read);
  }

  /** A request whose body, already read, is read again from memory. */
  private static final class ReplayedBody extends HttpServletRequestWrapper {
    private final byte[] body;

    ReplayedBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body was read already; read it synchronously");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
  }
}
