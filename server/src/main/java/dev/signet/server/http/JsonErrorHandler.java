package dev.signet.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Errors Jetty answers by itself, before a request reaches Javalin: a malformed request line or
 * header (400), a URI over the limit (414), headers over the limit (431). They get the same
 * {@code {"error": …}} body as every other error, instead of Jetty's HTML page (which echoes
 * Jetty's parser message), and {@code Connection: close}.
 */
final class JsonErrorHandler extends ErrorHandler {
  /** Jetty writes error bodies for GET, POST and HEAD only; this API answers every method alike. */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, @Nullable String message,
      @Nullable Throwable cause, Callback callback) {
    String body = "{\"error\":\"" + ErrorResponses.codeFor(code) + "\"}";
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    // Jetty drops a connection after a request it could not parse, sometimes without saying so;
    // saying so keeps clients from sending their next request into a closing connection
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.US_ASCII)), callback);
  }
}
