package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.signet.RequestContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The server's registry API ({@code /admin/…}), each call signed with a fresh request token bound
 * to it (htm, htu, and qsh and bsh where there is a query or body). An answer other than 2xx
 * ends the command with the server's error code and message (exit 1). Lists come page by page
 * ({@link #list}).
 */
final class AdminApi {
  /** Items asked for per page: the server's maximum. */
  static final int PAGE = 1000;

  private final URI server;
  private final HttpTransport transport;
  private final RequestSigner signer;

  AdminApi(URI server, HttpTransport transport, RequestSigner signer) {
    this.server = server;
    this.transport = transport;
    this.signer = signer;
  }

  URI server() {
    return server;
  }

  JsonNode get(String path) {
    return call("GET", Urls.resolve(server, path), null);
  }

  /**
   * Every item of a paginated list, at most {@code max}: page after page, each next one asked for
   * with the {@code cursor} of the server's {@code Link: <…>; rel="next"}, sent to {@code path} on
   * this client's server (the link may name the server's public URL, which this machine may not reach).
   */
  JsonNode list(String path, Map<String, String> query, int max) {
    ArrayNode all = JsonNodeFactory.instance.arrayNode();
    Map<String, String> page = new LinkedHashMap<>(query);
    page.put("limit", Integer.toString(Math.min(max, PAGE)));
    String previous = null;
    while (true) {
      URI uri = Urls.resolve(server, path, page);
      HttpTransport.Response response = exchange("GET", uri, new byte[0]);
      JsonNode items = json("GET", uri, response);
      if (!items.isArray()) {
        throw CliError.failure("GET " + uri.getRawPath() + ": the server's answer is not a list");
      }
      for (JsonNode item : items) {
        if (all.size() == max) {
          return all;
        }
        all.add(item);
      }
      String cursor = Links.nextCursor(response.headers().allValues("Link"));
      if (cursor == null || all.size() >= max) {
        return all;
      }
      if (cursor.equals(previous)) {
        throw CliError.failure("GET " + uri.getRawPath() + ": the server gave the same next page twice");
      }
      previous = cursor;
      page.put("cursor", cursor);
    }
  }

  JsonNode post(String path, Object body) {
    return call("POST", Urls.resolve(server, path), body);
  }

  JsonNode patch(String path, Object body) {
    return call("PATCH", Urls.resolve(server, path), body);
  }

  /** The answer's JSON, or a missing node for 204. */
  JsonNode delete(String path) {
    return call("DELETE", Urls.resolve(server, path), null);
  }

  private JsonNode call(String method, URI uri, @Nullable Object body) {
    return json(method, uri, exchange(method, uri, body == null ? new byte[0] : Json.bytes(body)));
  }

  private HttpTransport.Response exchange(String method, URI uri, byte[] bytes) {
    HttpRequest.Builder request = transport.request(uri)
        .header("Authorization", signer.authorization(RequestContext.of(method, uri, bytes), true))
        .header("Accept", "application/json")
        .method(method, bytes.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
    if (bytes.length > 0) {
      request.header("Content-Type", "application/json");
    }
    HttpTransport.Response response = transport.exchange(request.build());
    if (!response.ok()) {
      throw CliError.failure(method + " " + uri.getRawPath() + ": the server answered " + response.problem() + hint(response.status()));
    }
    return response;
  }

  private static JsonNode json(String method, URI uri, HttpTransport.Response response) {
    if (response.body().length == 0) {
      return MissingNode.getInstance();
    }
    return Json.parseTree(response.body()).orElseThrow(() -> CliError.failure(
        method + " " + uri.getRawPath() + ": the server's answer (" + response.status() + ") is not JSON"));
  }

  private String hint(int status) {
    return switch (status) {
      case 401 -> " (is this key registered for principal '" + signer.principal()
          + "', and this machine's clock right? the server's log says which check failed)";
      case 403 -> " (principal '" + signer.principal() + "' lacks the admin role)";
      default -> "";
    };
  }
}
