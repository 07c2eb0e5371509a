package dev.signet.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A table that says what each path asks of a caller, for integrations that see paths rather than
 * routes (the servlet filter). Rules are tried in the order they were added; the first whose
 * pattern and method match decides; a request no rule matches gets {@link Builder#otherwise}
 * (default: {@link Access#authenticated()}): <b>every path needs a valid credential unless a
 * rule makes it public</b>.
 *
 * {@snippet :
 * AccessRules rules = AccessRules.builder()
 *     .publicPaths("/health", "/docs/**")
 *     .rule("/orders/**", Access.scopes("orders:read"), "GET", "HEAD")
 *     .rule("/orders/**", Access.scopes("orders:write"))
 *     .build();
 * }
 *
 * <p>Patterns: {@code /a/b} exactly that path, {@code *} one whole segment, a final {@code /**}
 * the path before it and everything under it. Paths are matched as the application routes them
 * (decoded, without the context path) and case-sensitively. A path that is not canonical (empty,
 * {@code .} or {@code ..} segments, a backslash, a {@code ;}, a control character) matches no rule:
 * the resource server refuses it (400) rather than guess how the application would route it.
 *
 * <p>Immutable and thread-safe.
 */
public final class AccessRules {
  private record Rule(PathPattern pattern, Set<String> methods, Access access) {
    boolean matches(String method, String path) {
      return (methods.isEmpty() || methods.contains(method)) && pattern.matches(path);
    }
  }

  private final List<Rule> rules;
  private final Access otherwise;

  private AccessRules(Builder b) {
    this.rules = List.copyOf(b.rules);
    this.otherwise = b.otherwise;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every path needs a valid credential, no scope required. */
  public static AccessRules authenticatedEverywhere() {
    return builder().build();
  }

  /**
   * What a request asks, or empty when its path is not canonical (answer 400).
   *
   * @param path the path as the application routes it: decoded, starting with {@code /}
   */
  public Optional<Access> accessFor(String method, String path) {
    Objects.requireNonNull(method, "method");
    if (!isCanonical(Objects.requireNonNull(path, "path"))) {
      return Optional.empty();
    }
    for (Rule rule : rules) {
      if (rule.matches(method, path)) {
        return Optional.of(rule.access());
      }
    }
    return Optional.of(otherwise);
  }

  static boolean isCanonical(String path) {
    if (path.isEmpty() || path.charAt(0) != '/' || path.length() > 8192) {
      return false;
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\' || c == ';') {
        return false;
      }
      if (c == '/' && i > 0 && path.charAt(i - 1) == '/') {
        return false;
      }
    }
    return !(path.contains("/./") || path.contains("/../") || path.endsWith("/.") || path.endsWith("/.."));
  }

  @Override
  public String toString() {
    return "AccessRules" + rules.stream().map(r -> (r.methods().isEmpty() ? "*" : String.join(",", r.methods())) + " " + r.pattern().text() + " -> " + r.access()).toList()
        + " otherwise " + otherwise;
  }

  /** Collects rules; {@link #build()} copies them. Not thread-safe. */
  public static final class Builder {
    private final List<Rule> rules = new ArrayList<>();
    private Access otherwise = Access.authenticated();

    private Builder() {}

    /**
     * A rule for requests whose path matches {@code pattern} and, when methods are given, whose
     * method is one of them (exact, upper-case names).
     *
     * @throws IllegalArgumentException if the pattern is not one (see the class comment)
     */
    public Builder rule(String pattern, Access access, String... methods) {
      Objects.requireNonNull(access, "access");
      List<String> names = new ArrayList<>();
      for (String m : methods) {
        if (!m.equals(m.toUpperCase(Locale.ROOT)) || m.isBlank()) {
          throw new IllegalArgumentException("HTTP methods are upper-case names: '" + m + "'");
        }
        names.add(m);
      }
      rules.add(new Rule(PathPattern.parse(Objects.requireNonNull(pattern, "pattern")), Set.copyOf(names), access));
      return this;
    }

    /** Rules that make these patterns public for every method. */
    public Builder publicPaths(String... patterns) {
      for (String p : patterns) {
        rule(p, Access.publicRoute());
      }
      return this;
    }

    /** What a request no rule matches asks (default {@link Access#authenticated()}). */
    public Builder otherwise(Access access) {
      this.otherwise = Objects.requireNonNull(access, "otherwise");
      return this;
    }

    public AccessRules build() {
      return new AccessRules(this);
    }
  }
}
