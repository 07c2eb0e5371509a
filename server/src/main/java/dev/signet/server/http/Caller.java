package dev.signet.server.http;

import java.util.Set;

/**
 * Who made an authenticated request.
 *
 * @param principal the principal's name
 * @param kid the key that signed the token
 * @param method {@code request-token} or {@code access-token}
 * @param scopes the access token's scopes; empty for request tokens
 */
public record Caller(String principal, String kid, String method, Set<String> scopes) {
  public Caller {
    scopes = Set.copyOf(scopes);
  }
}
