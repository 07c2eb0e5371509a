package dev.signet.server.config;

import dev.signet.Binding;
import dev.signet.server.storage.UrlRedaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Typed reads of {@link Settings}, each failure naming where the value came from. */
final class Values {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|k|kb|kib|m|mb|mib)", Pattern.CASE_INSENSITIVE);

  private final Settings settings;

  Values(Settings settings) {
    this.settings = settings;
  }

  @Nullable String optional(String name) {
    return settings.get(name).orElse(null);
  }

  String string(String name, String fallback) {
    return settings.get(name).orElse(fallback);
  }

  int integer(String name, int fallback, int min, int max) {
    String text = optional(name);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw fail(name, "must be a whole number from " + min + " to " + max, text);
  }

  Path path(String name, Path fallback) {
    return settings.get(name).map(Path::of).orElse(fallback);
  }

  /** A path that must name a readable file. */
  @Nullable Path file(String name) {
    String text = optional(name);
    if (text == null) {
      return null;
    }
    Path path = Path.of(text);
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw fail(name, "must name a readable file", text);
    }
    return path;
  }

  @Nullable String jdbcUrl(String name) {
    String text = optional(name);
    if (text != null && !text.startsWith("jdbc:postgresql://") && !text.startsWith("jdbc:h2:")) {
      throw fail(name, "must be a jdbc:postgresql://… or jdbc:h2:… URL", UrlRedaction.redact(text));
    }
    return text;
  }

  @Nullable URI uri(String name, Set<String> schemes) {
    String text = optional(name);
    if (text == null) {
      return null;
    }
    try {
      URI uri = new URI(text);
      if (uri.getScheme() != null && schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT)) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw fail(name, "must be an absolute " + String.join(" or ", schemes.stream().sorted().toList()) + " URL", UrlRedaction.redact(text));
  }

  String choice(String name, String fallback, List<String> choices) {
    String text = string(name, fallback).toLowerCase(Locale.ROOT);
    if (!choices.contains(text)) {
      throw fail(name, "must be one of " + choices, text);
    }
    return text;
  }

  /** {@code 20s}, {@code 500ms}, {@code 15m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT20S}). */
  Duration duration(String name, Duration fallback, Duration min, Duration max) {
    String text = optional(name);
    if (text == null) {
      return fallback;
    }
    Duration d = parseDuration(text);
    if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw fail(name, "must be a duration from " + min + " to " + max + " (like 20s, 500ms, 15m)", text);
    }
    return d;
  }

  private static @Nullable Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      try {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      } catch (NumberFormatException | ArithmeticException e) { // more digits than a long, or days beyond Duration
        return null;
      }
    }
    try {
      return Duration.parse(text.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Bytes: {@code 65536}, {@code 64KiB}, {@code 1MB} (K and M are 1024-based). */
  long size(String name, long fallback, long min, long max) {
    String text = optional(name);
    if (text == null) {
      return fallback;
    }
    Matcher m = SIZE.matcher(text);
    if (m.matches() && m.group(1).length() < 12) {
      long n = Long.parseLong(m.group(1));
      long bytes = switch (m.group(2).toLowerCase(Locale.ROOT)) {
        case "k", "kb", "kib" -> n * 1024;
        case "m", "mb", "mib" -> n * 1024 * 1024;
        default -> n;
      };
      if (bytes >= min && bytes <= max) {
        return bytes;
      }
    }
    throw fail(name, "must be a size from " + min + " to " + max + " bytes (like 64KiB)", text);
  }

  Set<Binding> bindings(String name) {
    EnumSet<Binding> chosen = EnumSet.noneOf(Binding.class);
    for (String part : list(name)) {
      Binding b = Arrays.stream(Binding.values()).filter(x -> x.claim().equalsIgnoreCase(part)).findFirst()
          .orElseThrow(() -> fail(name, "must list claims from htm, htu, qsh, bsh", part));
      chosen.add(b);
    }
    return chosen;
  }

  /** Base URLs ({@code http(s)://host[:port][/prefix]}): no query, fragment or user info. */
  List<URI> baseUrls(String name) {
    List<URI> urls = new java.util.ArrayList<>();
    for (String text : list(name)) {
      try {
        URI uri = new URI(text);
        if (uri.getScheme() != null && Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
            && uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
          urls.add(uri);
          continue;
        }
      } catch (URISyntaxException e) {
        // reported below
      }
      throw fail(name, "must list absolute http or https base URLs without query, fragment or user info", UrlRedaction.redact(text));
    }
    return urls;
  }

  /** IP addresses and CIDR ranges, checked as {@link dev.signet.server.http.TrustedProxies} reads them. */
  List<String> addressRanges(String name) {
    List<String> entries = list(name);
    try {
      dev.signet.server.http.TrustedProxies.parse(entries);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(settings.describe(name) + ": " + e.getMessage());
    }
    return entries;
  }

  List<String> list(String name) {
    return settings.get(name).map(t -> Arrays.stream(t.split("[,\\s]+")).filter(p -> !p.isEmpty()).toList()).orElse(List.of());
  }

  private ConfigException fail(String name, String rule, String value) {
    return new ConfigException(settings.describe(name) + " " + rule + ", not '" + value + "'");
  }
}
