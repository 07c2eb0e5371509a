package dev.signet.server.http;

import io.javalin.http.Context;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What authentication reads of a request, whichever layer answers it: a Javalin route ({@link
 * #of(Context)}), or the Jetty core handler in front of Javalin that answers {@code GET /whoami}
 * ({@link WhoamiHandler}). Nothing here is trusted but {@link #source()}, which is the peer's
 * address or, from a trusted proxy, the address it forwards.
 */
public interface Exchange {
  /** {@code GET}, {@code POST}… */
  String method();

  /** The path as received (Javalin's {@code ctx.path()}). */
  String path();

  /** The query string as received, without {@code ?}; null when there is none. */
  @Nullable String query();

  /** The first value of the header {@code name}, or null. */
  @Nullable String header(String name);

  /** Every value of the header {@code name}, in order. */
  List<String> headers(String name);

  /** The body, at most the server's limit. @throws ApiException 413 or 408 */
  byte[] body();

  /** The request id ({@link RequestIds}). */
  String requestId();

  /** The client's address ({@link RequestIds#source}). */
  String source();

  static Exchange of(Context ctx) {
    return new OfContext(ctx);
  }

  /** A Javalin request. */
  record OfContext(Context ctx) implements Exchange {
    @Override
    public String method() {
      return ctx.method().name();
    }

    @Override
    public String path() {
      return ctx.path();
    }

    @Override
    public @Nullable String query() {
      return ctx.queryString();
    }

    @Override
    public @Nullable String header(String name) {
      return ctx.header(name);
    }

    @Override
    public List<String> headers(String name) {
      var values = ctx.req().getHeaders(name);
      return values == null ? List.of() : Collections.list(values);
    }

    @Override
    public byte[] body() {
      return Bodies.bytes(ctx);
    }

    @Override
    public String requestId() {
      return RequestIds.of(ctx);
    }

    @Override
    public String source() {
      return RequestIds.source(ctx);
    }
  }
}
