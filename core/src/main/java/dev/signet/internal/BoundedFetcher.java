package dev.signet.internal;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Fetches JWKS documents with hard bounds: a total deadline (not a per-read timeout a slow server
 * can stretch), a size cap enforced while reading, no redirects, and optionally no private,
 * loopback or link-local addresses (against SSRF through a client-supplied URL). The address
 * check resolves the host before connecting; the connection resolves it again, so DNS answers
 * that change in between are not caught.
 */
public final class BoundedFetcher implements ResourceRetriever {
  private final HttpClient client;
  private final Duration timeout;
  private final int maxBytes;
  private final boolean allowPrivateAddresses;

  public BoundedFetcher(Duration connectTimeout, Duration timeout, int maxBytes, boolean allowPrivateAddresses) {
    this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    this.timeout = timeout;
    this.maxBytes = maxBytes;
    this.allowPrivateAddresses = allowPrivateAddresses;
  }

  @Override
  public Resource retrieveResource(URL url) throws IOException {
    URI uri;
    try {
      uri = url.toURI();
    } catch (URISyntaxException e) {
      throw new IOException("invalid JWKS URL", e);
    }
    if (!allowPrivateAddresses) {
      checkPublic(uri.getHost());
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json, application/jwk-set+json").GET().build();
    CompletableFuture<HttpResponse<byte[]>> response = client.sendAsync(request, info -> info.statusCode() == 200
        ? new Limited(maxBytes) : HttpResponse.BodySubscribers.replacing(new byte[0]));
    try {
      HttpResponse<byte[]> r = response.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (r.statusCode() != 200) {
        throw new IOException("JWKS endpoint answered HTTP " + r.statusCode());
      }
      return new Resource(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8), r.headers().firstValue("Content-Type").orElse(null));
    } catch (TimeoutException e) {
      response.cancel(true);
      throw new IOException("JWKS fetch took longer than " + timeout, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IOException("JWKS fetch failed: " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching JWKS", e);
    }
  }

  /** Refuses hosts that resolve to loopback, private, link-local, CGNAT, multicast or unspecified addresses. */
  public static void checkPublic(String host) throws IOException {
    for (InetAddress address : InetAddress.getAllByName(host)) {
      if (isPrivate(address)) {
        throw new IOException("refusing to fetch from " + host + ": it resolves to a non-public address " + address.getHostAddress());
      }
    }
  }

  static boolean isPrivate(InetAddress a) {
    if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
    }
    return ((b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) // 100.64.0.0/10, carrier-grade NAT
        || (b[0] & 0xff) == 0; // 0.0.0.0/8
  }

  /** Collects a body up to a limit, cancelling the download as soon as it is exceeded. */
  private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    private final int maxBytes;
    private Flow.@Nullable Subscription subscription;

    Limited(int maxBytes) {
      this.maxBytes = maxBytes;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      this.subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer buffer : buffers) {
        if (out.size() + buffer.remaining() > maxBytes) {
          if (subscription != null) {
            subscription.cancel();
          }
          result.completeExceptionally(new IOException("JWKS document is larger than " + maxBytes + " bytes"));
          return;
        }
        byte[] chunk = new byte[buffer.remaining()];
        buffer.get(chunk);
        out.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(out.toByteArray());
    }
  }
}
