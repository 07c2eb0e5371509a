package dev.signet.server.http;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Every list the API answers is paginated: {@code ?limit=} (1-1000, default 100) items per page,
 * the body a JSON array as it always was, and while more remain a {@code Link: <…>; rel="next"}
 * header (RFC 8288) whose URL carries an opaque {@code cursor}. The link starts with one of the
 * server's own public base URLs ({@link PublicOrigins#baseFor}), never with a host the client
 * named.
 *
 * <p>A cursor is the position of the page's last item (a name, a time and an id…) and the list
 * it belongs to, base64url-encoded; it is not secret, only opaque. One that this server could not
 * have given out for this list is a 400.
 */
final class Pages {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private static final int MAX_CURSOR = 1024;

  private Pages() {}

  /** {@code ?limit=}: 1-1000, default 100. */
  static int limit(Context ctx) {
    String text = ctx.queryParam("limit");
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    if (text.length() <= 4 && !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    }
    throw ApiException.badRequest("limit must be a number from 1 to " + MAX_LIMIT);
  }

  /** The fields of {@code ?cursor=} for {@code list}, or null on the first page. */
  static @Nullable List<String> cursor(Context ctx, String list, int fields) {
    String cursor = ctx.queryParam("cursor");
    if (cursor == null) {
      return null;
    }
    if (cursor.length() <= MAX_CURSOR) {
      try {
        String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        List<String> parts = Arrays.asList(text.split("\n", -1));
        if (parts.size() == fields + 1 && parts.getFirst().equals(list)) {
          return parts.subList(1, parts.size());
        }
      } catch (IllegalArgumentException e) {
        // below
      }
    }
    throw ApiException.badRequest("cursor is not one this server gave out for this list; start again without it");
  }

  /** A cursor field that must be a number (an id). */
  static long number(String field) {
    try {
      return Long.parseLong(field);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("cursor is not one this server gave out for this list; start again without it");
    }
  }

  /** A cursor field that must be an instant. */
  static java.time.Instant instant(String field) {
    try {
      return java.time.Instant.parse(field);
    } catch (java.time.format.DateTimeParseException e) {
      throw ApiException.badRequest("cursor is not one this server gave out for this list; start again without it");
    }
  }

  /**
   * Answers with the first {@code limit} of {@code fetched} (fetch {@code limit + 1}: one more
   * than a page says whether another follows), and a next link when there is one.
   */
  static <T> void answer(Context ctx, PublicOrigins origins, String list, List<T> fetched, int limit,
      Function<T, List<String>> position, Function<T, ?> view) {
    List<T> page = fetched.size() > limit ? fetched.subList(0, limit) : fetched;
    if (fetched.size() > limit) {
      ctx.header("Link", "<" + next(ctx, origins, encode(list, position.apply(page.getLast()))) + ">; rel=\"next\"");
    }
    List<Object> body = new ArrayList<>(page.size());
    page.forEach(item -> body.add(view.apply(item)));
    ctx.json(body);
  }

  private static String encode(String list, List<String> fields) {
    StringJoiner text = new StringJoiner("\n").add(list);
    fields.forEach(text::add);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** This request's URL under a public base, with every query parameter kept but the cursor replaced. */
  private static String next(Context ctx, PublicOrigins origins, String cursor) {
    StringJoiner query = new StringJoiner("&");
    for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
      if (!param.getKey().equals("cursor")) {
        for (String value : param.getValue()) {
          query.add(form(param.getKey()) + "=" + form(value));
        }
      }
    }
    query.add("cursor=" + cursor);
    return origins.baseFor(ctx) + RequestUrls.escape(ctx.path()) + "?" + query;
  }

  private static String form(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
