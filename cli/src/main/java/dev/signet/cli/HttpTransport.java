package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * Sends the HTTP commands' requests and turns every way of not getting an answer into one
 * {@link CliError} (exit 1) that says what happened: refused, unresolvable, timed out, TLS.
 */
final class HttpTransport {
  /** Bodies read whole (admin and enroll answers) are refused beyond this. */
  static final int MAX_RESPONSE = 16 << 20;

  /** An answer read whole. */
  @SuppressWarnings("ArrayRecordComponent") // read once by the command that made the request, never compared
  record Response(int status, HttpHeaders headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    boolean ok() {
      return status >= 200 && status < 300;
    }

    /**
     * The status and what the server said about it, from Signet's {@code {"error", "message"}}
     * body: {@code 404 not_found: no principal named 'bob'}; for other bodies only their type.
     */
    String problem() {
      JsonNode json = Json.parseTree(body).orElse(null);
      if (json != null && json.path("error").isTextual()) {
        String message = json.path("message").isTextual() ? ": " + json.path("message").textValue() : "";
        return status + " " + json.path("error").textValue() + message;
      }
      String type = headers.firstValue("Content-Type").orElse("no type");
      return status + (body.length == 0 ? "" : " (" + body.length + " bytes of " + type + ")");
    }
  }

  private final HttpClient client;
  private final Duration timeout;
  private final boolean customTrust;

  HttpTransport(HttpClient client, Duration timeout, boolean customTrust) {
    this.client = client;
    this.timeout = timeout;
    this.customTrust = customTrust;
  }

  /** A request builder for {@code uri} with this transport's timeout. */
  HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(timeout);
  }

  /** The answer with its body still to read (for {@code curl}, which streams it). */
  HttpResponse<InputStream> open(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw failure(request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliError.failure("interrupted while waiting for " + origin(request.uri()), e);
    }
  }

  /** The answer, its body read whole (at most {@link #MAX_RESPONSE} bytes). */
  Response exchange(HttpRequest request) {
    HttpResponse<InputStream> response = open(request);
    try (InputStream in = response.body()) {
      byte[] body = in.readNBytes(MAX_RESPONSE + 1);
      if (body.length > MAX_RESPONSE) {
        throw CliError.failure("the answer from " + origin(request.uri()) + " is larger than " + (MAX_RESPONSE >> 20) + " MiB");
      }
      return new Response(response.statusCode(), response.headers(), body);
    } catch (IOException e) {
      throw CliError.failure("the answer from " + origin(request.uri()) + " broke off: " + describe(e), e);
    }
  }

  private CliError failure(URI uri, IOException e) {
    String where = origin(uri);
    if (e instanceof HttpConnectTimeoutException) {
      return CliError.failure("cannot connect to " + where + ": no answer within the connect timeout", e);
    }
    if (e instanceof HttpTimeoutException) {
      return CliError.failure("no answer from " + where + " within " + seconds(timeout) + " (--timeout)", e);
    }
    if (causedBy(e, UnresolvedAddressException.class)) {
      return CliError.failure("cannot connect to " + where + ": unknown host '" + uri.getHost() + "'", e);
    }
    if (e instanceof ConnectException) {
      return CliError.failure("cannot connect to " + where + ": " + describe(e), e);
    }
    if (e instanceof SSLException) {
      return CliError.failure("TLS with " + where + " failed: " + describe(e)
          + (customTrust ? "" : " (for a self-signed or private CA certificate, pass it with --cacert FILE)"), e);
    }
    return CliError.failure("request to " + where + " failed: " + describe(e), e);
  }

  /** {@code scheme://host:port}: where a request went, without path or query (which may hold secrets). */
  static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** The most specific message in the cause chain; java.net.http often wraps with an empty one. */
  private static String describe(Throwable e) {
    String message = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    if (message == null) {
      return e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
    }
    return message.equalsIgnoreCase("connection refused") ? "connection refused" : message;
  }
}
