package dev.signet;

import dev.signet.internal.JsonCodec;
import dev.signet.internal.SafeText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The claims of a JWT payload: an immutable JSON object. Values are JSON types as Java sees them:
 * {@code String}, {@code Boolean}, {@code Number}, {@code List}, {@code Map} (all unmodifiable).
 *
 * <p>Built for signing with {@link #builder()}, read from verified tokens with {@link #claim},
 * {@link #string}, {@link #audience()} and {@link #scopes()}. Immutable and thread-safe.
 */
public final class TokenClaims {
  private static final int MAX_NAMES_SHOWN = 32;
  private final Map<String, Object> claims;

  private TokenClaims(Map<String, Object> claims) {
    this.claims = claims;
  }

  /** Claims from a JSON-shaped map; the map is copied deeply. */
  public static TokenClaims of(Map<String, ?> claims) {
    return new TokenClaims(copyObject(claims));
  }

  public static Builder builder() {
    return new Builder();
  }

  public Optional<Object> claim(String name) {
    return Optional.ofNullable(claims.get(name));
  }

  /** A string claim; empty when absent or not a string. */
  public Optional<String> string(String name) {
    return claims.get(name) instanceof String s ? Optional.of(s) : Optional.empty();
  }

  /** {@code aud} as a list: a single string becomes a list of one. */
  public List<String> audience() {
    return switch (claims.get("aud")) {
      case String s -> List.of(s);
      case List<?> list -> list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
      case null, default -> List.of();
    };
  }

  /** Scopes from {@code scope} (space-separated, RFC 8693) or {@code scp} (a list or a string). */
  public Set<String> scopes() {
    Object scope = claims.containsKey("scope") ? claims.get("scope") : claims.get("scp");
    Set<String> scopes = new LinkedHashSet<>();
    switch (scope) {
      case String s -> {
        for (String part : s.split(" ", -1)) {
          if (!part.isEmpty()) {
            scopes.add(part);
          }
        }
      }
      case List<?> list -> list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(scopes::add);
      case null, default -> {}
    }
    return Collections.unmodifiableSet(scopes);
  }

  /** Every claim, unmodifiable. */
  public Map<String, Object> asMap() {
    return claims;
  }

  public String toJson() {
    return JsonCodec.toJson(claims);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenClaims other && claims.equals(other.claims);
  }

  @Override
  public int hashCode() {
    return claims.hashCode();
  }

  /** The claim names only (values may be secret), escaped and at most 32 of them: a token chose them. */
  @Override
  public String toString() {
    List<String> names = claims.keySet().stream().limit(MAX_NAMES_SHOWN).map(n -> SafeText.escape(n, 64)).toList();
    return "TokenClaims" + names + (claims.size() > MAX_NAMES_SHOWN ? " and " + (claims.size() - MAX_NAMES_SHOWN) + " more" : "");
  }

  private static Map<String, Object> copyObject(Map<String, ?> source) {
    Map<String, Object> copy = new LinkedHashMap<>();
    source.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "claim name"), copyValue(v)));
    return Collections.unmodifiableMap(copy);
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Object copyValue(@Nullable Object value) {
    return switch (value) {
      case null -> null;
      case String s -> s;
      case Boolean b -> b;
      case Number n -> n;
      case Instant i -> i.getEpochSecond();
      case Map<?, ?> m -> copyObject((Map<String, ?>) m);
      case Collection<?> c -> {
        List<Object> list = new ArrayList<>(c.size());
        c.forEach(v -> list.add(copyValue(v)));
        yield Collections.unmodifiableList(list);
      }
      default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    };
  }

  /** Builds claims for signing. Not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private final Map<String, Object> claims = new LinkedHashMap<>();

    private Builder() {}

    public Builder issuer(String issuer) {
      return claim("iss", issuer);
    }

    public Builder subject(String subject) {
      return claim("sub", subject);
    }

    public Builder audience(String audience) {
      return claim("aud", audience);
    }

    public Builder audience(List<String> audiences) {
      return claim("aud", audiences.size() == 1 ? audiences.getFirst() : List.copyOf(audiences));
    }

    public Builder issuedAt(Instant at) {
      return claim("iat", at.getEpochSecond());
    }

    public Builder expiresAt(Instant at) {
      return claim("exp", at.getEpochSecond());
    }

    public Builder notBefore(Instant at) {
      return claim("nbf", at.getEpochSecond());
    }

    public Builder id(String jti) {
      return claim("jti", jti);
    }

    /** Any claim; {@link Instant} values become NumericDate seconds. */
    public Builder claim(String name, Object value) {
      claims.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value for " + name));
      return this;
    }

    public TokenClaims build() {
      return TokenClaims.of(claims);
    }
  }
}
