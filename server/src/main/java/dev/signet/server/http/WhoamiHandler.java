package dev.signet.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.signet.server.metrics.ServerMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * {@code GET /whoami} without a body, answered by a Jetty core handler in front of Javalin (as
 * {@link HealthzHandler} answers {@code /healthz}): the same authentication ({@link Whoami}), the
 * same answers and headers ({@code X-Request-Id}, {@code WWW-Authenticate} on a 401, {@code
 * Retry-After} on a 503, the JSON bodies of {@link ErrorResponses}), audit, logs and metrics
 * ({@code signet.http.requests} with route {@code /whoami}) as the Javalin route, without
 * Javalin's servlet pipeline (request and context objects, before and after handlers, routing,
 * exceptions for every refusal), which cost more than the work itself on a refused request.
 *
 * <p>Everything else goes on to Javalin: other paths and methods ({@code HEAD}, {@code POST
 * /whoami}), and a {@code GET /whoami} with a body ({@code Content-Length} other than 0, or
 * {@code Transfer-Encoding}), whose limits and errors (413, 408) are Javalin's.
 */
final class WhoamiHandler extends Handler.Wrapper {
  private static final String PATH = "/whoami";
  private static final byte[] NO_BODY = new byte[0];

  private final Whoami whoami;
  private final ServerMetrics metrics;
  private final TrustedProxies proxies;

  WhoamiHandler(Whoami whoami, ServerMetrics metrics, TrustedProxies proxies) {
    this.whoami = whoami;
    this.metrics = metrics;
    this.proxies = proxies;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    HttpFields fields = request.getHeaders();
    if (!PATH.equals(request.getHttpURI().getPath()) || !HttpMethod.GET.is(request.getMethod()) || hasBody(fields)) {
      return super.handle(request, response, callback);
    }
    String id = RequestIds.saneOrNew(fields.get(RequestIds.HEADER));
    String peer = Request.getRemoteAddr(request);
    String source = proxies.clientAddress(peer == null ? "unknown" : peer, fields.get("Forwarded"), fields.get("X-Forwarded-For"));
    Core ex = new Core(request, fields, id, source);
    HttpFields.Mutable headers = response.getHeaders();
    headers.put(RequestIds.HEADER, id);
    MDC.put("requestId", id);
    boolean accessToken = false;
    int status;
    byte[] body;
    try {
      accessToken = AccessTokenAuthentication.presented(ex);
      Caller caller = whoami.authenticate(ex, accessToken);
      body = Json.MAPPER.writeValueAsBytes(whoami.view(caller, null)); // UTF-8, as the String's bytes were
      status = 200;
    } catch (JsonProcessingException | RuntimeException e) {
      ErrorResponses.Answer answer = ErrorResponses.answer(e, "GET", PATH, id, accessToken);
      for (String challenge : answer.challenges()) {
        headers.add(HttpHeader.WWW_AUTHENTICATE, challenge);
      }
      if (answer.retryAfter() != null) {
        headers.put(HttpHeader.RETRY_AFTER, answer.retryAfter());
      }
      status = answer.status();
      body = answer.body().getBytes(StandardCharsets.UTF_8);
    } finally {
      MDC.remove("requestId");
    }
    headers.put(HttpHeader.CONTENT_TYPE, "application/json");
    response.setStatus(status);
    metrics.request("GET", PATH, status);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  private static boolean hasBody(HttpFields fields) {
    String length = fields.get(HttpHeader.CONTENT_LENGTH);
    return (length != null && !length.equals("0")) || fields.contains(HttpHeader.TRANSFER_ENCODING);
  }

  /** The request as authentication reads it; it has no body. */
  private record Core(Request request, HttpFields fields, String requestId, String source) implements Exchange {
    @Override
    public String method() {
      return request.getMethod();
    }

    @Override
    public String path() {
      return PATH;
    }

    @Override
    public @Nullable String query() {
      return request.getHttpURI().getQuery();
    }

    @Override
    public @Nullable String header(String name) {
      return fields.get(name);
    }

    @Override
    public List<String> headers(String name) {
      return fields.getValuesList(name);
    }

    @Override
    public byte[] body() {
      return NO_BODY;
    }
  }
}
