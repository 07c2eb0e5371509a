package dev.signet.web;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Small HTTP exchanges with an issuer (its metadata, its introspection endpoint), bounded: a
 * connect timeout and a deadline for the whole answer, no redirects, JSON only, and at most
 * {@link #MAX_BYTES} read. The URLs come from the application's configuration or from the
 * issuer's own metadata, never from a token.
 */
final class BoundedHttp {
  static final int MAX_BYTES = 64 * 1024;

  /** A JSON answer: its status and, for a 200, its object. */
  record JsonAnswer(int status, Map<String, Object> json) {}

  private BoundedHttp() {}

  static HttpClient client(Duration connectTimeout) {
    return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(connectTimeout).build();
  }

  /**
   * Sends {@code request} and reads a JSON object from a 200 answer; any other status is returned
   * with an empty object and its body unread.
   *
   * @throws IOException on a failed exchange, a non-JSON type, an oversized or malformed body
   */
  static JsonAnswer exchange(HttpClient client, HttpRequest request) throws IOException {
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking " + request.uri(), e);
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        return new JsonAnswer(response.statusCode(), Map.of());
      }
      String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
      int semicolon = type.indexOf(';');
      String mediaType = (semicolon < 0 ? type : type.substring(0, semicolon)).strip();
      if (!mediaType.equals("application/json")) {
        throw new IOException(request.uri() + " answered Content-Type '" + LogText.escape(type) + "', not application/json");
      }
      byte[] bytes = body.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new IOException(request.uri() + " answered more than " + MAX_BYTES + " bytes");
      }
      try {
        return new JsonAnswer(200, JSONObjectUtils.parse(new String(bytes, StandardCharsets.UTF_8)));
      } catch (ParseException e) {
        throw new IOException(request.uri() + " answered something that is not a JSON object", e);
      }
    }
  }

  /** Whether plain http may be used to {@code host}: only a literal loopback name or address. */
  static boolean isLoopbackLiteral(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || h.equals("[::1]") || h.equals("::1")) {
      return true;
    }
    String[] parts = h.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("127")) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  /** Checks that {@code uri} is an absolute http(s) URL, https unless to a loopback literal. */
  static void requireHttpUrl(URI uri, String what) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
      throw new IllegalStateException(what + " must be an absolute http(s) URL: " + uri);
    }
    if (scheme.equals("http") && !isLoopbackLiteral(uri.getHost())) {
      throw new IllegalStateException(what + " must use https unless the host is loopback: " + uri);
    }
  }
}
