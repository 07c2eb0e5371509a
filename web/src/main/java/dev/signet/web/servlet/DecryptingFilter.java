package dev.signet.web.servlet;

import dev.signet.VerifiedToken;
import dev.signet.web.EncryptedBodies;
import dev.signet.web.Identity;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A Servlet filter that decrypts {@code Content-Type: application/jose} request bodies with
 * {@link EncryptedBodies}; map it after {@link SignetFilter}, so that a nested JWT's signer is
 * checked against the authenticated caller. The application reads the plaintext as the body (its
 * type: the JWE's {@code cty}, or {@code application/json} for a nested JWT's claims) and the
 * verified sender of a nested JWT as {@link #sender}. A refused body is answered by the filter
 * with one 400 for every cause. Other requests pass untouched. Thread-safe.
 *
 * {@snippet :
 * context.addFilter(new FilterHolder(new SignetFilter(resourceServer)), "/*", EnumSet.of(DispatcherType.REQUEST));
 * context.addFilter(new FilterHolder(new DecryptingFilter(encryptedBodies)), "/*", EnumSet.of(DispatcherType.REQUEST));
 * }
 */
public final class DecryptingFilter implements Filter {
  /** The request attribute holding the verified sender ({@link VerifiedToken}) of a nested JWT. */
  public static final String SENDER_ATTRIBUTE = DecryptingFilter.class.getName() + ".sender";

  private final EncryptedBodies bodies;

  public DecryptingFilter(EncryptedBodies bodies) {
    this.bodies = Objects.requireNonNull(bodies, "bodies");
  }

  /** The verified sender of a nested JWT body; empty otherwise. */
  public static Optional<VerifiedToken> sender(ServletRequest request) {
    return request.getAttribute(SENDER_ATTRIBUTE) instanceof VerifiedToken t ? Optional.of(t) : Optional.empty();
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest http) || !(res instanceof HttpServletResponse response)) {
      throw new ServletException("DecryptingFilter serves HTTP requests only");
    }
    if (!EncryptedBodies.isJose(http.getContentType())) {
      chain.doFilter(req, res);
      return;
    }
    ServletIncomingRequest incoming = new ServletIncomingRequest(http);
    Identity caller = SignetFilter.identity(http).orElse(null);
    switch (bodies.open(http.getContentType(), incoming.body(bodies.maxBodyBytes()), caller, incoming.path())) {
      case EncryptedBodies.Opened.NotEncrypted n -> chain.doFilter(req, res);
      case EncryptedBodies.Opened.Refused(var refused) -> SignetFilter.write(response, refused);
      case EncryptedBodies.Opened.Plaintext p -> {
        p.sender().ifPresent(sender -> http.setAttribute(SENDER_ATTRIBUTE, sender));
        chain.doFilter(new Decrypted(http, p.body(), p.contentType()), response);
      }
    }
  }

  @Override
  public String toString() {
    return "DecryptingFilter[" + bodies + "]";
  }

  /** The request with the plaintext as its body, of the plaintext's type, read as UTF-8. */
  private static final class Decrypted extends BodyInMemory {
    private final String contentType;

    Decrypted(HttpServletRequest request, byte[] body, String contentType) {
      super(request, body);
      this.contentType = contentType;
    }

    @Override
    public String getContentType() {
      return contentType;
    }

    @Override
    public String getHeader(String name) {
      return name.equalsIgnoreCase("Content-Type") ? contentType
          : name.equalsIgnoreCase("Content-Length") ? Integer.toString(body.length) : super.getHeader(name);
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }
  }
}
