package dev.signet.gateway;

import dev.signet.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's reverse {@link ProxyHandler} with the gateway's header policy. Towards the upstream it
 * drops the hop-by-hop headers (RFC 9110 §7.6.1: {@code Connection} and every header it names,
 * {@code Keep-Alive}, {@code TE}, {@code Trailer}, {@code Transfer-Encoding}, {@code Upgrade},
 * {@code Proxy-*}), every {@code X-JWT-*} header in any case, the client's {@code Forwarded} and
 * {@code X-Forwarded-*} (Jetty adds its own {@code Forwarded} and {@code Via}), and
 * {@code Authorization} and {@code DPoP} unless the route forwards them; then it adds the
 * verified identity ({@link IdentityHeaders}). Bodies stream both ways through Jetty's buffers.
 * An upstream that cannot be reached or fails is a 502, one that goes quiet past the idle timeout
 * a 504, each with a generic body.
 */
final class ReverseProxy extends ProxyHandler.Reverse {
  static final String ROUTE = "dev.signet.gateway.route";
  static final String IDENTITY = "dev.signet.gateway.identity";
  private static final String STARTED = "dev.signet.gateway.started";
  private static final Logger log = LoggerFactory.getLogger(ReverseProxy.class);
  private static final Set<String> DROPPED = Set.of("connection", "keep-alive", "proxy-authorization", "proxy-authenticate",
      "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "host", "forwarded");
  private static final HttpField VIA_11 = new HttpField(HttpHeader.VIA, "1.1 signet-gateway");

  private final MeterRegistry registry;
  private final java.util.concurrent.ConcurrentHashMap<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile Duration idleTimeout;

  private final Duration connectTimeout;

  ReverseProxy(GatewayConfig.Upstream upstream, MeterRegistry registry) {
    super(Request::getHttpURI); // unused: newProxyToServerRequest makes the upstream's URI (one parse, not three)
    this.idleTimeout = upstream.idleTimeout();
    this.connectTimeout = upstream.connectTimeout();
    this.registry = registry;
    setViaHost("signet-gateway");
  }

  /** HTTP/1.1 to upstreams with pooled keep-alive connections; Jetty's proxy then drops its decoders and redirects. */
  @Override
  protected HttpClient newHttpClient() {
    ClientConnector connector = new ClientConnector();
    QueuedThreadPool threads = new QueuedThreadPool(256, 8);
    threads.setName("gateway-upstream");
    connector.setExecutor(threads);
    connector.setConnectTimeout(connectTimeout);
    HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(connector);
    // the upstream's response events run on the selector thread that read them, not handed to a pool
    // thread: Jetty's proxy listener only copies headers and writes to the client asynchronously
    // (bounded by demand), and so do this class's hooks; that halves the context switches per request
    transport.setInvocationType(InvocationType.NON_BLOCKING);
    return new HttpClient(transport);
  }

  @Override
  protected void configureHttpClient(HttpClient client) {
    super.configureHttpClient(client);
    client.setMaxConnectionsPerDestination(1024);
    client.setIdleTimeout(idleTimeout.toMillis());
    client.setUserAgentField(null);
  }

  void idleTimeout(Duration timeout) {
    this.idleTimeout = timeout;
  }

  /** The route's upstream base, then the request's path and query as they came (raw). */
  @Override
  protected org.eclipse.jetty.client.Request newProxyToServerRequest(Request clientToProxyRequest, HttpURI unused) {
    RouteRuntime route = (RouteRuntime) clientToProxyRequest.getAttribute(ROUTE);
    HttpURI uri = clientToProxyRequest.getHttpURI();
    String query = uri.getQuery();
    String target = route.upstreamBase() + uri.getPath() + (query == null ? "" : "?" + query);
    return getHttpClient().newRequest(URI.create(target)).method(clientToProxyRequest.getMethod())
        .idleTimeout(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** As Jetty's, without a {@code String.format} per request. */
  @Override
  protected void addForwardedHeader(Request from, org.eclipse.jetty.client.Request to) {
    if (to.getHeaders().contains(HttpHeader.FORWARDED)) { // never: the client's is dropped; Jetty's merging then
      super.addForwardedHeader(from, to);
      return;
    }
    String scheme = from.getHttpURI().getScheme();
    String value = "by=" + HttpField.PARAMETER_TOKENIZER.quote(Request.getLocalAddr(from))
        + ";for=" + HttpField.PARAMETER_TOKENIZER.quote(Request.getRemoteAddr(from))
        + ";host=" + HttpField.PARAMETER_TOKENIZER.quote(from.getHeaders().get(HttpHeader.HOST))
        + ";proto=" + (scheme == null ? (from.isSecure() ? "https" : "http") : scheme);
    to.headers(headers -> headers.put(HttpHeader.FORWARDED, value));
  }

  /** As Jetty's, with the value made once for HTTP/1.1 requests that carry no {@code Via}. */
  @Override
  protected void addViaHeader(Request from, org.eclipse.jetty.client.Request to) {
    if (!"HTTP/1.1".equals(from.getConnectionMetaData().getProtocol()) || to.getHeaders().contains(HttpHeader.VIA)) {
      super.addViaHeader(from, to);
      return;
    }
    to.headers(headers -> headers.put(VIA_11));
  }

  @Override
  protected void copyRequestHeaders(Request from, org.eclipse.jetty.client.Request to) {
    RouteRuntime route = (RouteRuntime) from.getAttribute(ROUTE);
    Set<String> named = connectionNamed(from);
    boolean forwardAuthorization = route.route().forwardAuthorization();
    String decryptedType = from.getAttribute(BodyDecryption.CONTENT_TYPE) instanceof String t ? t : null;
    to.headers(headers -> {
      for (HttpField field : from.getHeaders()) {
        String name = field.getLowerCaseName();
        if (decryptedType != null && (name.equals("content-type") || name.equals("content-length"))) {
          continue;
        }
        if (DROPPED.contains(name) || named.contains(name) || name.startsWith("x-forwarded-") || IdentityHeaders.isIdentityHeader(name)
            || (!forwardAuthorization && (name.equals("authorization") || name.equals("dpop")))) {
          continue;
        }
        headers.add(field);
      }
      if (from.getAttribute(IDENTITY) instanceof List<?> identity) {
        for (Object f : identity) {
          headers.add((HttpField) f);
        }
      }
      if (decryptedType != null && from.getAttribute(JettyIncomingRequest.BODY) instanceof byte[] plaintext) {
        headers.put(HttpHeader.CONTENT_TYPE, decryptedType);
        headers.put(HttpHeader.CONTENT_LENGTH, plaintext.length);
      }
    });
  }

  /** The headers the request's {@code Connection} header names, in lower case (hop-by-hop). */
  private static Set<String> connectionNamed(Request from) {
    List<String> connection = from.getHeaders().getValuesList(HttpHeader.CONNECTION);
    if (connection.isEmpty()) {
      return Set.of();
    }
    Set<String> named = new HashSet<>();
    for (String value : connection) {
      for (String name : value.split(",", 64)) {
        named.add(name.trim().toLowerCase(Locale.ROOT));
      }
    }
    return named;
  }

  @Override
  protected org.eclipse.jetty.client.Request.Content newProxyToServerRequestContent(Request from, Response response,
      org.eclipse.jetty.client.Request to) {
    if (from.getAttribute(JettyIncomingRequest.BODY) instanceof byte[] body) {
      String type = from.getAttribute(BodyDecryption.CONTENT_TYPE) instanceof String t ? t : from.getHeaders().get(HttpHeader.CONTENT_TYPE);
      return new BytesRequestContent(type, body);
    }
    return super.newProxyToServerRequestContent(from, response, to);
  }

  @Override
  protected void sendProxyToServerRequest(Request from, org.eclipse.jetty.client.Request to, Response response, Callback callback) {
    from.setAttribute(STARTED, System.nanoTime());
    super.sendProxyToServerRequest(from, to, response, callback);
  }

  @Override
  protected void onProxyToClientResponseComplete(Request from, org.eclipse.jetty.client.Request to, org.eclipse.jetty.client.Response upstream,
      Response response, Callback callback) {
    if (from.getAttribute(STARTED) instanceof Long started) {
      RouteRuntime route = (RouteRuntime) from.getAttribute(ROUTE);
      timers.computeIfAbsent(route.route().path(), path -> Timer.builder("signet.gateway.upstream")
          .description("time from sending a request upstream to the last byte of its response").tag("route", path).register(registry))
          .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
    super.onProxyToClientResponseComplete(from, to, upstream, response, callback);
  }

  @Override
  protected void onServerToProxyResponseFailure(Request from, org.eclipse.jetty.client.Request to, org.eclipse.jetty.client.Response upstream,
      Response response, Callback callback, Throwable failure) {
    boolean timeout = failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException;
    // the path only: a query may carry secrets
    log.warn("upstream {} {}://{}:{}{} failed: {}", to.getMethod(), to.getScheme(), to.getHost(), to.getPort(), to.getPath(), failure.toString());
    if (response.isCommitted()) {
      callback.failed(failure);
      return;
    }
    response.reset();
    Responses.error(response, callback, timeout ? 504 : 502, timeout ? "upstream_timeout" : "bad_gateway");
  }
}
