package dev.signet.server.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The audit reasons of principal changes: what was set, or what changed from what. */
final class Changes {
  private Changes() {}

  static String describe(Principal p) {
    return "roles=" + p.roles() + " scopes=" + p.scopes() + " enabled=" + p.enabled()
        + (p.jwksUri() == null ? "" : " jwks_uri=" + p.jwksUri()) + (p.dpopRequired() ? " dpop_required=true" : "");
  }

  static String between(Principal before, Principal after) {
    List<String> changes = new ArrayList<>();
    add(changes, "roles", before.roles(), after.roles());
    add(changes, "scopes", before.scopes(), after.scopes());
    add(changes, "enabled", before.enabled(), after.enabled());
    add(changes, "jwks_uri", before.jwksUri(), after.jwksUri());
    add(changes, "dpop_required", before.dpopRequired(), after.dpopRequired());
    return String.join("; ", changes);
  }

  private static void add(List<String> changes, String field, @Nullable Object before, @Nullable Object after) {
    if (!Objects.equals(before, after)) {
      changes.add(field + ": " + before + " -> " + after);
    }
  }
}
