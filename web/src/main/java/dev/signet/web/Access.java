package dev.signet.web;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a route asks of a caller: nothing ({@link #publicRoute()}), any valid credential
 * ({@link #authenticated()}), or an access token with given scopes ({@link #scopes}); optionally
 * only some kinds of credential ({@link #only}).
 *
 * {@snippet :
 * Access.scopes("orders:write").only(Credential.DPOP)   // sender-constrained tokens only
 * }
 *
 * <p>Immutable and thread-safe.
 */
public final class Access {
  private static final Access PUBLIC = new Access(true, Set.of(), EnumSet.allOf(Credential.class));
  private static final Access AUTHENTICATED = new Access(false, Set.of(), EnumSet.allOf(Credential.class));

  private final boolean isPublic;
  private final Set<String> scopes;
  private final Set<Credential> credentials;

  private Access(boolean isPublic, Set<String> scopes, Set<Credential> credentials) {
    this.isPublic = isPublic;
    this.scopes = scopes;
    this.credentials = Collections.unmodifiableSet(EnumSet.copyOf(credentials));
  }

  /** No credential needed, none checked: the request passes as it is. */
  public static Access publicRoute() {
    return PUBLIC;
  }

  /** Any valid credential that the resource server accepts. */
  public static Access authenticated() {
    return AUTHENTICATED;
  }

  /**
   * A valid access token with every one of {@code required} ({@code scope} or {@code scp}); a
   * valid token that lacks one is answered 403 {@code insufficient_scope}.
   *
   * @throws IllegalArgumentException if a scope is blank or holds a space, quote or backslash
   */
  public static Access scopes(String... required) {
    Set<String> scopes = new LinkedHashSet<>();
    for (String s : required) {
      Objects.requireNonNull(s, "scope");
      if (s.isEmpty() || s.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\' || c >= 0x7f)) {
        throw new IllegalArgumentException("a scope must be non-empty printable ASCII without space, quote or backslash: '" + s + "'");
      }
      scopes.add(s);
    }
    return new Access(false, Collections.unmodifiableSet(scopes), EnumSet.allOf(Credential.class));
  }

  /**
   * The same requirement, met only by these kinds of credential.
   *
   * @throws IllegalStateException on a public route, which checks no credential
   * @throws IllegalArgumentException if none is given
   */
  public Access only(Credential... accepted) {
    if (isPublic) {
      throw new IllegalStateException("a public route checks no credential");
    }
    if (accepted.length == 0) {
      throw new IllegalArgumentException("at least one credential must be accepted");
    }
    return new Access(false, scopes, EnumSet.copyOf(List.of(accepted)));
  }

  /** Every requirement of both: the scopes of each, the credentials both accept; public only if both are. */
  public Access and(Access other) {
    if (isPublic && other.isPublic) {
      return PUBLIC;
    }
    if (isPublic || other.isPublic) {
      return isPublic ? other : this;
    }
    Set<String> union = new LinkedHashSet<>(scopes);
    union.addAll(other.scopes);
    Set<Credential> both = EnumSet.copyOf(credentials);
    both.retainAll(other.credentials);
    if (both.isEmpty()) {
      throw new IllegalArgumentException("no credential meets both " + this + " and " + other);
    }
    return new Access(false, Collections.unmodifiableSet(union), both);
  }

  public boolean isPublic() {
    return isPublic;
  }

  /** The scopes a caller must have; empty when any valid credential will do. */
  public Set<String> scopes() {
    return scopes;
  }

  /** The kinds of credential that can meet this requirement. */
  public Set<Credential> credentials() {
    return credentials;
  }

  boolean accepts(Credential credential) {
    return credentials.contains(credential);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Access other && isPublic == other.isPublic && scopes.equals(other.scopes) && credentials.equals(other.credentials);
  }

  @Override
  public int hashCode() {
    return Objects.hash(isPublic, scopes, credentials);
  }

  @Override
  public String toString() {
    if (isPublic) {
      return "Access[public]";
    }
    return "Access[scopes=" + scopes + ", credentials=" + credentials + "]";
  }
}
