package dev.signet.gateway.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.signet.gateway.config.GatewayConfig.Auth;
import dev.signet.gateway.config.GatewayConfig.HostPort;
import dev.signet.gateway.config.GatewayConfig.Issuer;
import dev.signet.gateway.config.GatewayConfig.RateLimit;
import dev.signet.gateway.config.GatewayConfig.Route;
import dev.signet.internal.SpecialAddresses;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads and checks a gateway configuration file. Every problem is a {@link ConfigException} that
 * names the field and shows the value; unknown fields are refused. Relative file paths are taken
 * from the configuration file's directory.
 */
public final class ConfigReader {
  private static final long MAX_FILE_BYTES = 1 << 20;
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private final Path base;

  private ConfigReader(Path base) {
    this.base = base;
  }

  /** The configuration in {@code file}. */
  public static GatewayConfig read(Path file) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new ConfigException(file + " is over " + MAX_FILE_BYTES + " bytes");
      }
      Path dir = file.toAbsolutePath().getParent();
      return parse(Files.readString(file), dir == null ? Path.of(".") : dir);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The configuration in {@code yaml}, with relative paths taken from {@code base}. */
  public static GatewayConfig parse(String yaml, Path base) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JacksonException e) {
      throw new ConfigException("not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException("the configuration must be a YAML mapping");
    }
    return new ConfigReader(base).config(new Node("", root));
  }

  private GatewayConfig config(Node root) {
    root.only(Set.of("listen", "public_url", "tls", "management", "redis", "issuers", "request_tokens", "unauthenticated_rate_limit",
        "upstream", "encryption_key", "routes"));
    HostPort listen = hostPort(root.field("listen"));
    GatewayConfig.Tls tls = root.field("tls").isMissing() ? null : tls(root.field("tls"));
    URI publicUrl = root.field("public_url").isMissing() ? null : url(root.field("public_url"));
    HostPort management = root.field("management").isMissing() ? null : hostPort(root.field("management"));
    String redis = root.field("redis").optionalText();
    if (redis != null && !(redis.startsWith("redis://") || redis.startsWith("rediss://"))) {
      throw root.field("redis").error("must be a redis:// or rediss:// URL: " + root.field("redis").shown());
    }
    List<Issuer> issuers = new ArrayList<>();
    Set<String> issuerNames = new HashSet<>();
    for (Node n : root.field("issuers").items()) {
      Issuer issuer = issuer(n);
      if (!issuerNames.add(issuer.issuer())) {
        throw n.field("issuer").error("appears twice: " + issuer.issuer());
      }
      issuers.add(issuer);
    }
    GatewayConfig.RequestTokens requestTokens = root.field("request_tokens").isMissing() ? null : requestTokens(root.field("request_tokens"));
    RateLimit sourceLimit = root.field("unauthenticated_rate_limit").isMissing() ? null : rateLimit(root.field("unauthenticated_rate_limit"));
    GatewayConfig.Upstream upstream = upstream(root.field("upstream"));
    Path encryptionKey = root.field("encryption_key").isMissing() ? null : file(root.field("encryption_key"));
    List<Route> routes = new ArrayList<>();
    Set<String> paths = new HashSet<>();
    List<Node> routeNodes = root.field("routes").items();
    if (routeNodes.isEmpty()) {
      throw root.field("routes").error("must list at least one route");
    }
    for (Node n : routeNodes) {
      Route route = route(n, issuers, requestTokens);
      if (route.decrypt() && encryptionKey == null) {
        throw n.field("decrypt").error("is true but encryption_key is not configured (the gateway decrypts with its own key)");
      }
      if (!paths.add(route.path())) {
        throw n.field("path").error("appears twice: " + route.path());
      }
      routes.add(route);
    }
    return new GatewayConfig(listen, publicUrl, tls, management, redis, issuers, requestTokens, sourceLimit, upstream, encryptionKey, routes);
  }

  private Issuer issuer(Node n) {
    n.only(Set.of("issuer", "jwks_uri", "accept_jwt_type", "introspection"));
    String issuer = n.field("issuer").text();
    URI jwks = url(n.field("jwks_uri"));
    GatewayConfig.Introspection introspection = null;
    Node in = n.field("introspection");
    if (!in.isMissing()) {
      in.only(Set.of("endpoint", "client_id", "client_secret", "cache_ttl"));
      Duration ttl = in.field("cache_ttl").isMissing() ? Duration.ofSeconds(30) : duration(in.field("cache_ttl"));
      if (ttl.compareTo(Duration.ofMinutes(5)) > 0) {
        throw in.field("cache_ttl").error("must be at most 5m: " + in.field("cache_ttl").shown());
      }
      introspection = new GatewayConfig.Introspection(url(in.field("endpoint")), in.field("client_id").text(),
          in.field("client_secret").text(), ttl);
    }
    return new Issuer(issuer, jwks, n.field("accept_jwt_type").flag(false), introspection);
  }

  private GatewayConfig.RequestTokens requestTokens(Node n) {
    n.only(Set.of("keys", "registry", "audience"));
    Node keys = n.field("keys");
    if (keys.isMissing() && n.field("registry").isMissing()) {
      throw n.error("needs keys (files), registry (a Signet server), or both");
    }
    Map<String, Path> files = new LinkedHashMap<>();
    if (!keys.isMissing()) {
      if (!keys.json().isObject() || keys.json().isEmpty()) {
        throw keys.error("must map each principal to the file of its public keys");
      }
      for (var names = keys.json().fieldNames(); names.hasNext(); ) {
        String principal = names.next();
        files.put(principal, file(keys.field(principal)));
      }
    }
    GatewayConfig.Registry registry = n.field("registry").isMissing() ? null : registry(n.field("registry"));
    return new GatewayConfig.RequestTokens(files, registry, n.field("audience").optionalText());
  }

  private GatewayConfig.Registry registry(Node n) {
    n.only(Set.of("url", "principal", "key_file", "audience", "cache_ttl", "stale_if_error", "max_fetches_per_minute"));
    URI url = url(n.field("url"));
    if (url.getScheme().equals("http") && !SpecialAddresses.isLoopbackLiteral(url.getHost())) {
      throw n.field("url").error("must use https unless the host is loopback (the gateway sends its credentials there): "
          + n.field("url").shown());
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      throw n.field("url").error("must have no query or fragment: " + n.field("url").shown());
    }
    String principal = n.field("principal").text();
    if (principal.length() > 64 || !principal.chars().allMatch(ConfigReader::isNameChar)) {
      throw n.field("principal").error("must be 1-64 of [A-Za-z0-9._@-]: " + n.field("principal").shown());
    }
    Duration ttl = n.field("cache_ttl").isMissing() ? Duration.ofSeconds(60) : duration(n.field("cache_ttl"));
    if (ttl.compareTo(Duration.ofHours(1)) > 0) {
      throw n.field("cache_ttl").error("must be at most 1h: " + n.field("cache_ttl").shown());
    }
    Duration stale = n.field("stale_if_error").isMissing() ? Duration.ofMinutes(5) : duration(n.field("stale_if_error"));
    if (stale.compareTo(Duration.ofHours(24)) > 0) {
      throw n.field("stale_if_error").error("must be at most 24h: " + n.field("stale_if_error").shown());
    }
    long fetches = n.field("max_fetches_per_minute").isMissing() ? 60 : n.field("max_fetches_per_minute").positiveLong();
    if (fetches > 600) {
      throw n.field("max_fetches_per_minute").error("must be 1 to 600: " + n.field("max_fetches_per_minute").shown());
    }
    return new GatewayConfig.Registry(url, principal, file(n.field("key_file")), n.field("audience").optionalText(), ttl, stale,
        (int) fetches);
  }

  /** A character of a registry principal's name: {@code [A-Za-z0-9._@-]}. */
  static boolean isNameChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '@' || c == '-';
  }

  private GatewayConfig.Tls tls(Node n) {
    n.only(Set.of("cert", "key"));
    return new GatewayConfig.Tls(file(n.field("cert")), file(n.field("key")));
  }

  private static GatewayConfig.Upstream upstream(Node n) {
    if (n.isMissing()) {
      return new GatewayConfig.Upstream(Duration.ofSeconds(5), Duration.ofSeconds(30));
    }
    n.only(Set.of("connect_timeout", "idle_timeout"));
    return new GatewayConfig.Upstream(n.field("connect_timeout").isMissing() ? Duration.ofSeconds(5) : duration(n.field("connect_timeout")),
        n.field("idle_timeout").isMissing() ? Duration.ofSeconds(30) : duration(n.field("idle_timeout")));
  }

  private Route route(Node n, List<Issuer> issuers, GatewayConfig.@Nullable RequestTokens requestTokens) {
    n.only(Set.of("path", "upstream", "audience", "scopes", "methods", "auth", "rate_limit", "claim_headers", "forward_authorization", "decrypt"));
    String path = n.field("path").text();
    if (!path.startsWith("/") || (path.length() > 1 && path.endsWith("/")) || path.contains("//") || path.contains("/./")
        || path.contains("/../") || path.chars().anyMatch(c -> c <= ' ' || c == '%' || c == '\\' || c == ';' || c >= 0x7f)) {
      throw n.field("path").error("must be a plain path starting with / and not ending with one: " + n.field("path").shown());
    }
    URI upstream = url(n.field("upstream"));
    if (upstream.getRawQuery() != null || upstream.getRawFragment() != null) {
      throw n.field("upstream").error("must have no query or fragment: " + n.field("upstream").shown());
    }
    Auth auth = auth(n.field("auth"));
    Set<String> scopes = new LinkedHashSet<>();
    for (Node s : n.field("scopes").items()) {
      String scope = s.text();
      if (scope.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\' || c >= 0x7f)) {
        throw s.error("must be printable ASCII without space, quote or backslash: " + s.shown());
      }
      scopes.add(scope);
    }
    Set<String> methods = new LinkedHashSet<>();
    for (Node m : n.field("methods").items()) {
      if (!METHODS.contains(m.text())) {
        throw m.error("must be one of " + METHODS.stream().sorted().toList() + ": " + m.shown());
      }
      methods.add(m.text());
    }
    String audience = n.field("audience").optionalText();
    switch (auth) {
      case ACCESS_TOKEN -> requireIssuers(n, issuers, false);
      case INTROSPECTION -> requireIssuers(n, issuers, true);
      case REQUEST_TOKEN -> {
        if (requestTokens == null) {
          throw n.field("auth").error("is request-token but request_tokens is not configured");
        }
        if (!scopes.isEmpty() || audience != null) {
          throw n.field(scopes.isEmpty() ? "audience" : "scopes").error("does not apply to request-token routes (request tokens carry no scope)");
        }
      }
      case NONE -> {
        if (!scopes.isEmpty() || audience != null) {
          throw n.field(scopes.isEmpty() ? "audience" : "scopes").error("does not apply to routes with auth: none");
        }
      }
    }
    Map<String, String> claimHeaders = new LinkedHashMap<>();
    Node ch = n.field("claim_headers");
    if (!ch.isMissing()) {
      if (!ch.json().isObject()) {
        throw ch.error("must map header names (X-JWT-…) to claim names");
      }
      for (var names = ch.json().fieldNames(); names.hasNext(); ) {
        String header = names.next();
        // only X-JWT-* names: those are stripped from every request, so a client cannot fill them when the claim is absent
        if (!header.toLowerCase(Locale.ROOT).startsWith("x-jwt-") || !header.chars().allMatch(c -> c == '-' || (Character.isLetterOrDigit(c) && c < 0x80))) {
          throw ch.error("header names must start with X-JWT- and hold only letters, digits and '-': '" + header + "'");
        }
        claimHeaders.put(header, ch.field(header).text());
      }
    }
    RateLimit limit = n.field("rate_limit").isMissing() ? null : rateLimit(n.field("rate_limit"));
    return new Route(path, upstream, audience, scopes, methods, auth, limit, claimHeaders, n.field("forward_authorization").flag(false),
        n.field("decrypt").flag(false));
  }

  private static void requireIssuers(Node route, List<Issuer> issuers, boolean introspection) {
    if (issuers.isEmpty()) {
      throw route.field("auth").error("needs at least one entry in issuers");
    }
    if (introspection && issuers.stream().noneMatch(i -> i.introspection() != null)) {
      throw route.field("auth").error("is introspection but no issuer has an introspection endpoint");
    }
  }

  private static Auth auth(Node n) {
    String text = n.text();
    for (Auth a : Auth.values()) {
      if (a.text().equals(text)) {
        return a;
      }
    }
    throw n.error("must be access-token, request-token, introspection or none: " + n.shown());
  }

  private static RateLimit rateLimit(Node n) {
    n.only(Set.of("requests", "per"));
    return new RateLimit(n.field("requests").positiveLong(), duration(n.field("per")));
  }

  static HostPort hostPort(Node n) {
    String text = n.text();
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw n.error("must be HOST:PORT: " + n.shown());
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw n.error("port must be 0-65535: " + n.shown());
      }
      return new HostPort(host, port);
    } catch (NumberFormatException e) {
      throw n.error("must be HOST:PORT: " + n.shown());
    }
  }

  private static URI url(Node n) {
    String text = n.text();
    try {
      URI uri = new URI(text);
      if (!uri.isAbsolute() || uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw n.error("must be an absolute http(s) URL: " + n.shown());
      }
      return uri;
    } catch (URISyntaxException e) {
      throw n.error("is not a URL: " + n.shown());
    }
  }

  private Path file(Node n) {
    Path path = base.resolve(n.text());
    if (!Files.isReadable(path)) {
      throw n.error("is not a readable file: " + path);
    }
    return path;
  }

  /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or ISO-8601 ({@code PT30S}); positive. */
  static Duration duration(Node n) {
    String text = n.text().trim();
    Duration d;
    try {
      if (text.startsWith("P") || text.startsWith("p")) {
        d = Duration.parse(text);
      } else if (text.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
      } else {
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        d = switch (text.charAt(text.length() - 1)) {
          case 's' -> Duration.ofSeconds(amount);
          case 'm' -> Duration.ofMinutes(amount);
          case 'h' -> Duration.ofHours(amount);
          default -> throw new NumberFormatException();
        };
      }
    } catch (RuntimeException e) {
      throw n.error("must be a duration such as 500ms, 30s, 5m or 1h: " + n.shown());
    }
    if (d.isNegative() || d.isZero()) {
      throw n.error("must be positive: " + n.shown());
    }
    return d;
  }
}
