package dev.signet.server.config;

import dev.signet.Algorithm;
import dev.signet.Binding;
import dev.signet.internal.Quantities;
import dev.signet.server.storage.UrlRedaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * What values a {@link Setting} takes: how its text is read and checked, the rule an error states
 * ({@code "--port must be a whole number from 0 to 65535, not 'eighty'"}), and how a value is
 * printed back, the way a user would write it ({@code 20s}, {@code 64KiB}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the parsed value's type
 */
public final class Kind<T> {
  private final String rule;
  private final Parser<T> parser;
  private final Function<T, String> formatter;
  private final UnaryOperator<String> quoter;
  private final boolean list;

  private Kind(String rule, Parser<T> parser, Function<T, String> formatter) {
    this(rule, parser, formatter, UnaryOperator.identity(), false);
  }

  private Kind(String rule, Parser<T> parser, Function<T, String> formatter, UnaryOperator<String> quoter) {
    this(rule, parser, formatter, quoter, false);
  }

  private Kind(String rule, Parser<T> parser, Function<T, String> formatter, UnaryOperator<String> quoter, boolean list) {
    this.rule = rule;
    this.parser = parser;
    this.formatter = formatter;
    this.quoter = quoter;
    this.list = list;
  }

  /**
   * Whether a value is a list (items separated by commas or spaces): its flag may then be
   * repeated ({@code --x a --x b} is {@code a,b}), and its YAML key may hold a YAML list.
   */
  public boolean isList() {
    return list;
  }

  /** The value {@code text} (stripped, not blank) writes, or null if it breaks {@link #rule()}. */
  public @Nullable T parse(String text) {
    return parser.parse(text);
  }

  /** What a value must be, completing "--name must be …". */
  public String rule() {
    return rule;
  }

  /** {@code value} as a user would write it (secrets are masked by {@link Setting#secret()}, not here). */
  public String format(T value) {
    return formatter.apply(value);
  }

  /** {@code text} as an error may quote it: passwords in URLs masked. */
  public String quote(String text) {
    return quoter.apply(text);
  }

  /** Any text. */
  public static Kind<String> text() {
    return new Kind<>("any text", s -> s, s -> s);
  }

  /** A whole number within bounds. */
  public static Kind<Integer> integer(int min, int max) {
    return new Kind<>("a whole number from " + min + " to " + max, s -> {
      try {
        int value = Integer.parseInt(s);
        return value >= min && value <= max ? value : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }, String::valueOf);
  }

  private static final Kind<Boolean> BOOLEAN = new Kind<>("true or false", s -> switch (s.toLowerCase(Locale.ROOT)) {
    case "true" -> Boolean.TRUE;
    case "false" -> Boolean.FALSE;
    default -> null;
  }, String::valueOf);

  /** {@code true} or {@code false}; the flag given without a value is {@code true}. */
  public static Kind<Boolean> bool() {
    return BOOLEAN;
  }

  /** A path; printed absolute, so the log says where it is. */
  public static Kind<Path> path() {
    return new Kind<>("a path", Path::of, p -> p.toAbsolutePath().normalize().toString());
  }

  /** A path that must name a readable file. */
  public static Kind<Path> readableFile() {
    return new Kind<>("a readable file", s -> {
      Path path = Path.of(s);
      return Files.isRegularFile(path) && Files.isReadable(path) ? path : null;
    }, Path::toString);
  }

  /** A JDBC URL of a database Signet runs on. */
  public static Kind<String> jdbcUrl() {
    return new Kind<>("a jdbc:postgresql://… or jdbc:h2:… URL",
        s -> s.startsWith("jdbc:postgresql://") || s.startsWith("jdbc:h2:") ? s : null, UrlRedaction::redact, UrlRedaction::redact);
  }

  /** An absolute URL with a host and one of {@code schemes}. */
  public static Kind<URI> url(String... schemes) {
    Set<String> allowed = Set.of(schemes);
    return new Kind<>("an absolute " + String.join(" or ", schemes) + " URL", s -> {
      try {
        URI uri = new URI(s);
        return uri.getScheme() != null && allowed.contains(uri.getScheme().toLowerCase(Locale.ROOT)) && uri.getHost() != null ? uri : null;
      } catch (URISyntaxException e) {
        return null;
      }
    }, u -> UrlRedaction.redact(u.toString()), UrlRedaction::redact);
  }

  /** One of {@code choices}, case-insensitive, kept lower-case. */
  public static Kind<String> choice(String... choices) {
    List<String> allowed = List.of(choices);
    return new Kind<>(oneOf(allowed), s -> {
      String lower = s.toLowerCase(Locale.ROOT);
      return allowed.contains(lower) ? lower : null;
    }, s -> s);
  }

  /** A duration from {@code min} to {@code max}, written as {@link Quantities} reads it. */
  public static Kind<Duration> duration(Duration min, Duration max) {
    return new Kind<>("a duration from " + Quantities.format(min) + " to " + Quantities.format(max) + " (like 20s, 500ms, 15m)", s -> {
      try {
        Duration d = Quantities.parseDuration(s);
        return d.compareTo(min) >= 0 && d.compareTo(max) <= 0 ? d : null;
      } catch (IllegalArgumentException e) {
        return null;
      }
    }, Quantities::format);
  }

  /** A number of bytes from {@code min} to {@code max}, written as {@link Quantities} reads it. */
  public static Kind<Long> size(long min, long max) {
    return new Kind<>("a size from " + Quantities.formatSize(min) + " to " + Quantities.formatSize(max) + " (like 64KiB)", s -> {
      try {
        long bytes = Quantities.parseSize(s);
        return bytes >= min && bytes <= max ? bytes : null;
      } catch (IllegalArgumentException e) {
        return null;
      }
    }, Quantities::formatSize);
  }

  /** A duration from {@code min} to {@code max}, or {@code 0} / {@code off}: the feature is off ({@link Duration#ZERO}). */
  public static Kind<Duration> durationOrOff(Duration min, Duration max) {
    Kind<Duration> on = duration(min, max);
    return new Kind<>("0 (off) or a duration from " + Quantities.format(min) + " to " + Quantities.format(max),
        s -> s.equals("0") || s.equalsIgnoreCase("off") ? Duration.ZERO : on.parse(s),
        d -> d.isZero() ? "off" : Quantities.format(d));
  }

  /** One of {@code choices}, a whole number. */
  public static Kind<Integer> integerOneOf(int... choices) {
    List<String> allowed = Arrays.stream(choices).mapToObj(Integer::toString).toList();
    return new Kind<>(oneOf(allowed), s -> allowed.contains(s) ? Integer.valueOf(s) : null, String::valueOf);
  }

  /** A JWS algorithm Signet signs with (SPEC §2), in any case. */
  public static Kind<Algorithm> algorithm() {
    List<String> names = Arrays.stream(Algorithm.values()).map(Algorithm::toString).toList();
    return new Kind<>(oneOf(names), s -> {
      try {
        return Algorithm.parse(s);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }, Algorithm::toString);
  }

  /** Items separated by commas or spaces. */
  public static Kind<List<String>> list() {
    return new Kind<>("a list separated by commas", Kind::split, l -> l.isEmpty() ? "none" : String.join(",", l),
        UnaryOperator.identity(), true);
  }

  /** Base URLs ({@code http(s)://host[:port][/prefix]}, no query, fragment or user info), separated by commas or spaces. */
  public static Kind<List<URI>> baseUrls() {
    return new Kind<>("a list of absolute http or https base URLs without query, fragment or user info", s -> {
      List<URI> urls = new ArrayList<>();
      for (String part : split(s)) {
        URI uri = baseUrl(part);
        if (uri == null) {
          return null;
        }
        urls.add(uri);
      }
      return List.copyOf(urls);
    }, l -> l.isEmpty() ? "none" : String.join(",", l.stream().map(URI::toString).toList()), UrlRedaction::redact, true);
  }

  private static @Nullable URI baseUrl(String text) {
    try {
      URI uri = new URI(text);
      boolean web = uri.getScheme() != null && Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT));
      return web && uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null
          ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** IP addresses and CIDR ranges ({@code 10.0.0.0/8}, {@code ::1}), as {@link dev.signet.server.http.TrustedProxies} reads them. */
  public static Kind<List<String>> addressRanges() {
    return new Kind<>("a list of IP addresses and CIDR ranges (no host names)", s -> {
      List<String> entries = split(s);
      try {
        dev.signet.server.http.TrustedProxies.parse(entries);
        return entries;
      } catch (IllegalArgumentException e) {
        return null;
      }
    }, l -> l.isEmpty() ? "none" : String.join(",", l), UnaryOperator.identity(), true);
  }

  /** Binding claims, separated by commas or spaces. */
  public static Kind<Set<Binding>> bindings() {
    List<String> claims = Arrays.stream(Binding.values()).map(Binding::claim).toList();
    return new Kind<>("a list of claims from " + String.join(", ", claims), s -> {
      EnumSet<Binding> chosen = EnumSet.noneOf(Binding.class);
      for (String part : split(s)) {
        Binding b = Arrays.stream(Binding.values()).filter(x -> x.claim().equalsIgnoreCase(part)).findFirst().orElse(null);
        if (b == null) {
          return null;
        }
        chosen.add(b);
      }
      return Set.copyOf(chosen);
    }, set -> set.isEmpty() ? "none" : String.join(",", set.stream().map(Binding::claim).sorted().toList()), UnaryOperator.identity(), true);
  }

  private static String oneOf(List<String> choices) {
    return choices.size() == 1 ? choices.get(0)
        : String.join(", ", choices.subList(0, choices.size() - 1)) + " or " + choices.get(choices.size() - 1);
  }

  /** Splits on commas and white space by hand (no regex on configuration text). */
  private static List<String> split(String text) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : ',';
      if (c == ',' || Character.isWhitespace(c)) {
        if (!part.isEmpty()) {
          parts.add(part.toString());
          part.setLength(0);
        }
      } else {
        part.append(c);
      }
    }
    return List.copyOf(parts);
  }


  /** Reads a value: null when the text breaks the rule. */
  @FunctionalInterface
  private interface Parser<T> {
    @Nullable T parse(String text);
  }
}
