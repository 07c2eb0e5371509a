package dev.signet.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.jspecify.annotations.Nullable;

/**
 * Fetches JSON documents (JWKS, and the key registry a gateway reads) with hard bounds, on Jetty's
 * HTTP client:
 *
 * <ul>
 *   <li>a total deadline (not a per-read timeout that a slow server can stretch);
 *   <li>a size cap while reading, and for any status but 200 no body read at all: the response is
 *       abandoned at its headers, so an endless error or redirect body costs nothing;
 *   <li>no redirects, and no content encodings (nothing to inflate);
 *   <li>{@code Content-Type} {@code application/json} or {@code application/jwk-set+json};
 *   <li>optionally no special-use addresses ({@link SpecialAddresses}), against SSRF through a
 *       URL that an untrusted party supplied. The host is resolved once, by Signet, every answer
 *       is checked, and the connection goes to a checked address (Jetty's
 *       {@link SocketAddressResolver}) while {@code Host}, SNI and the certificate check keep the
 *       URL's name: a DNS answer that changes between check and connection (rebinding) cannot
 *       swap the address.
 * </ul>
 *
 * <p>Each fetch runs its own short-lived client, so an idle fetcher holds no thread. Thread-safe.
 */
public final class BoundedFetcher implements AutoCloseable {
  /** Looks a host name up; tests replace the system's DNS with a fake. */
  @FunctionalInterface
  public interface Resolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;

    Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));
  }

  private static final Set<String> JSON_TYPES = Set.of("application/json", "application/jwk-set+json");

  /** An answer other than 200, abandoned at its headers: {@link #status()} tells which. */
  public static final class StatusException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    StatusException(String message, int status) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final String what;
  private final Duration connectTimeout;
  private final Duration timeout;
  private final int maxBytes;
  private final boolean allowNonPublicAddresses;
  private final Resolver resolver;
  private final Set<Request> running = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public BoundedFetcher(Duration connectTimeout, Duration timeout, int maxBytes, boolean allowNonPublicAddresses, Resolver resolver) {
    this("JWKS", connectTimeout, timeout, maxBytes, allowNonPublicAddresses, resolver);
  }

  /** A fetcher whose messages call what it fetches {@code what} ({@code "JWKS"}, {@code "registry"}). */
  public BoundedFetcher(String what, Duration connectTimeout, Duration timeout, int maxBytes, boolean allowNonPublicAddresses,
      Resolver resolver) {
    this.what = what;
    this.connectTimeout = connectTimeout;
    this.timeout = timeout;
    this.maxBytes = maxBytes;
    this.allowNonPublicAddresses = allowNonPublicAddresses;
    this.resolver = resolver;
  }

  /**
   * The body of a 200 answer, as UTF-8 text.
   *
   * @throws IOException naming what failed: address refused, connection, status ({@link StatusException}), type, size, time
   */
  public String fetch(URI uri) throws IOException {
    return fetch(uri, Map.of());
  }

  /**
   * The body of a 200 answer to a GET with {@code headers} added (an {@code Authorization}: their
   * values never appear in a message).
   *
   * @throws IOException naming what failed: address refused, connection, status ({@link StatusException}), type, size, time
   */
  public String fetch(URI uri, Map<String, String> headers) throws IOException {
    if (closed) {
      throw new IOException("fetcher is closed");
    }
    HttpClient client;
    try {
      client = newClient();
      client.start();
    } catch (Exception e) {
      throw new IOException("cannot start the HTTP client: " + e.getMessage(), e);
    }
    try {
      return send(client, uri, headers);
    } finally {
      try {
        client.stop();
      } catch (Exception e) { // nothing was leaked that stop() could have freed
        org.slf4j.LoggerFactory.getLogger(BoundedFetcher.class).debug("stopping the JWKS fetch client failed", e);
      }
    }
  }

  private HttpClient newClient() throws NoSuchAlgorithmException {
    SslContextFactory.Client tls = new SslContextFactory.Client(); // checks the certificate against the URL's host
    tls.setSslContext(SSLContext.getDefault()); // the JVM's trust, as javax.net.ssl.* configure it
    QueuedThreadPool threads = new QueuedThreadPool(8, 1);
    threads.setName("signet-jwks-fetch");
    threads.setDaemon(true);
    HttpClient client = new HttpClient();
    client.setSslContextFactory(tls);
    client.setExecutor(threads);
    client.setScheduler(new ScheduledExecutorScheduler("signet-jwks-fetch-timer", true));
    client.setConnectTimeout(connectTimeout.toMillis());
    client.setFollowRedirects(false);
    client.getContentDecoderFactories().clear(); // no Accept-Encoding: nothing to inflate
    client.setSocketAddressResolver(new CheckingResolver());
    return client;
  }

  private String send(HttpClient client, URI uri, Map<String, String> headers) throws IOException {
    Request request = client.newRequest(uri)
        .accept("application/jwk-set+json", "application/json")
        .headers(h -> headers.forEach(h::put))
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    Body body = new Body(what, maxBytes);
    running.add(request);
    try {
      if (closed) {
        throw new IOException("fetcher is closed");
      }
      request.send(body);
      return body.result.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw describe(e.getCause() == null ? e : e.getCause());
    } catch (TimeoutException e) {
      abandon(request, e);
      throw new IOException(what + " fetch took longer than " + timeout, e);
    } catch (InterruptedException e) {
      abandon(request, e);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + what, e);
    } finally {
      running.remove(request);
    }
  }

  private IOException describe(Throwable failure) {
    if (failure instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith(what + " ")) {
      return io; // ours, already worded
    }
    if (failure instanceof TimeoutException) {
      return new IOException(what + " fetch took longer than " + timeout, failure);
    }
    if (failure instanceof UnknownHostException) {
      return new IOException(what + " host not found: " + failure.getMessage(), failure);
    }
    return new IOException(what + " fetch failed: " + failure, failure);
  }

  private static void abandon(Request request, Throwable why) {
    CompletableFuture<Boolean> unused = request.abort(why); // the outcome reaches the Body listener
  }

  /** Aborts fetches under way; later ones fail. */
  @Override
  public void close() {
    closed = true;
    for (Request request : running) {
      abandon(request, new IOException(what + " fetch aborted: closed"));
    }
  }

  /** Resolves once, refuses the host if any answer is non-public (when asked to), else connects to the answers. */
  private final class CheckingResolver implements SocketAddressResolver {
    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
      List<InetAddress> addresses;
      try {
        addresses = resolver.resolve(host);
      } catch (UnknownHostException e) {
        promise.failed(e);
        return;
      }
      List<InetSocketAddress> checked = new ArrayList<>(addresses.size());
      for (InetAddress address : addresses) {
        if (!allowNonPublicAddresses && SpecialAddresses.isNonPublic(address)) {
          promise.failed(new IOException(
              what + " host " + host + " refused: it resolves to a non-public address " + address.getHostAddress()));
          return;
        }
        checked.add(new InetSocketAddress(address, port));
      }
      if (checked.isEmpty()) {
        promise.failed(new UnknownHostException(host));
        return;
      }
      promise.succeeded(checked);
    }
  }

  /** Keeps the body of a 200 JSON answer up to a limit; abandons anything else at its headers. */
  private static final class Body implements Response.Listener {
    final CompletableFuture<String> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final String what;
    private final int maxBytes;
    private volatile @Nullable IOException refusal;

    Body(String what, int maxBytes) {
      this.what = what;
      this.maxBytes = maxBytes;
    }

    @Override
    public void onHeaders(Response response) {
      if (response.getStatus() != 200) {
        refuse(response, new StatusException(what + " endpoint answered HTTP " + response.getStatus(), response.getStatus()));
        return;
      }
      String type = response.getHeaders().get(HttpHeader.CONTENT_TYPE);
      if (!isJson(type)) {
        refuse(response, new IOException(what + " endpoint answered Content-Type " + (type == null ? "(none)" : printable(type))
            + "; expected application/json or application/jwk-set+json"));
        return;
      }
      long length = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
      if (length > maxBytes) {
        refuse(response, tooLarge());
      }
    }

    @Override
    public synchronized void onContent(Response response, ByteBuffer content) {
      if (refusal != null) {
        return;
      }
      if (out.size() + content.remaining() > maxBytes) {
        refuse(response, tooLarge());
        return;
      }
      byte[] chunk = new byte[content.remaining()];
      content.get(chunk);
      out.write(chunk, 0, chunk.length);
    }

    @Override
    public synchronized void onComplete(Result r) {
      if (refusal != null) {
        result.completeExceptionally(refusal);
      } else if (r.isFailed()) {
        result.completeExceptionally(r.getFailure());
      } else {
        result.complete(out.toString(StandardCharsets.UTF_8));
      }
    }

    private IOException tooLarge() {
      return new IOException(what + " document is larger than " + maxBytes + " bytes");
    }

    private void refuse(Response response, IOException why) {
      refusal = why;
      CompletableFuture<Boolean> unused = response.abort(why); // the outcome reaches onComplete
    }

    /** {@code application/json} or {@code application/jwk-set+json}, parameters allowed. */
    static boolean isJson(@Nullable String contentType) {
      if (contentType == null) {
        return false;
      }
      int semicolon = contentType.indexOf(';');
      String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
      return JSON_TYPES.contains(mediaType);
    }

    private static String printable(String s) {
      return ParsedJws.printable(s);
    }
  }
}
