package dev.signet.gateway;

import dev.signet.web.EncryptedBodies;
import dev.signet.web.Identity;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decrypting step of a {@code decrypt: true} route, after authentication: an
 * {@code application/jose} body (at most the decrypter's bound, 512 KiB; 413 beyond) is opened
 * with signet-web's {@link EncryptedBodies} and its plaintext forwarded instead, typed
 * {@code application/json} or by the JWE's {@code cty}, as {@link JettyIncomingRequest#BODY} and
 * {@link #CONTENT_TYPE}. Every failure to open it is one {@code 400 {"error":"invalid_request"}};
 * the cause goes to the log. Any other body is refused with 415: such a route takes encrypted
 * bodies only. Requests without a body pass.
 */
final class BodyDecryption {
  static final String CONTENT_TYPE = "dev.signet.gateway.decrypted-type";
  private static final Logger log = LoggerFactory.getLogger(BodyDecryption.class);
  private static final int MAX_CONTENT_TYPE = 256;

  private BodyDecryption() {}

  /**
   * Decrypts the body of {@code request} for the proxy, or answers.
   *
   * @return 0 when the request goes on, else the status it was answered with
   */
  static int apply(EncryptedBodies bodies, Request request, Response response, Callback callback, String path, @Nullable Identity caller)
      throws IOException {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (!EncryptedBodies.isJose(type)) {
      if (request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
        log.info("rejection=ENCRYPTED_BODY status=415 path={} detail=a body of another type than application/jose on a decrypt route",
            path.replaceAll("[^\\x21-\\x7e]", "?"));
        Responses.error(response, callback, 415, "unsupported_media_type", "Accept", "application/jose");
        return 415;
      }
      return 0;
    }
    Optional<byte[]> body = new JettyIncomingRequest(request, path).body(bodies.maxBodyBytes());
    if (body.isEmpty()) {
      log.info("rejection=ENCRYPTED_BODY status=413 path={} detail=the body is over {} bytes", path.replaceAll("[^\\x21-\\x7e]", "?"),
          bodies.maxBodyBytes());
      Responses.error(response, callback, 413, "request_too_large");
      return 413;
    }
    switch (bodies.open(type, body, caller, path)) {
      case EncryptedBodies.Opened.NotEncrypted n -> {
        return 0;
      }
      case EncryptedBodies.Opened.Refused r -> {
        Responses.error(response, callback, 400, "invalid_request");
        return 400;
      }
      case EncryptedBodies.Opened.Plaintext p -> {
        String forwarded = mediaType(p.contentType());
        if (forwarded == null) {
          log.info("rejection=ENCRYPTED_BODY status=400 path={} detail=the JWE's cty is no media type", path.replaceAll("[^\\x21-\\x7e]", "?"));
          Responses.error(response, callback, 400, "invalid_request");
          return 400;
        }
        request.setAttribute(JettyIncomingRequest.BODY, p.body());
        request.setAttribute(CONTENT_TYPE, forwarded);
        return 0;
      }
    }
  }

  /** {@code cty} as a header value: RFC 7515 §4.1.10 lets it omit {@code application/}; printable ASCII only. */
  static @Nullable String mediaType(String cty) {
    if (cty.isEmpty() || cty.length() > MAX_CONTENT_TYPE || !cty.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      return null;
    }
    String media = cty.indexOf('/') < 0 && cty.indexOf(';') < 0 ? "application/" + cty : cty;
    int slash = media.indexOf('/');
    return slash <= 0 || slash == media.length() - 1 ? null : media;
  }
}
