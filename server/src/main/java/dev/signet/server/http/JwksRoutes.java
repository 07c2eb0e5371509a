package dev.signet.server.http;

import dev.signet.server.keys.JwksDocument;
import dev.signet.server.keys.ServerKey;
import dev.signet.server.keys.ServerKeys;
import dev.signet.server.keys.SigningKeys;
import java.util.List;
import org.jspecify.annotations.Nullable;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.time.Duration;

/**
 * The server's public keys, for anyone (SPEC §4): {@code GET /.well-known/jwks.json} and
 * {@code GET /keys.json} (the JWKS), {@code GET /keys/{kid}} (one JWK, the kid compared ignoring
 * case) and {@code GET /asap/{kid}} (the PEM, in the layout of Atlassian's ASAP key repository,
 * where a kid may hold {@code /}). Each is cacheable for {@code --jwks-max-age} and answers
 * {@code If-None-Match} with 304. An unknown or oversized kid is a plain 404.
 */
public final class JwksRoutes {
  /** Longer kids are no key of this server (its kids are 43-character thumbprints). */
  static final int MAX_KID_LENGTH = 256;

  private final List<? extends ServerKeys> keys;
  private final Duration maxAge;
  private volatile @Nullable Merged merged;

  /** The documents merged last, and the result: rebuilt only when one of them changes. */
  private record Merged(List<JwksDocument> parts, JwksDocument document) {}

  public JwksRoutes(SigningKeys keys, Duration maxAge) {
    this(List.of(keys), maxAge);
  }

  /** The keys of every use in one JWKS (SPEC §4: {@code use} {@code sig} or {@code enc}). */
  public JwksRoutes(List<? extends ServerKeys> keys, Duration maxAge) {
    this.keys = List.copyOf(keys);
    this.maxAge = maxAge;
  }

  public void register(JavalinConfig config) {
    ConditionalGet.route(config, "/.well-known/jwks.json", this::jwks);
    ConditionalGet.route(config, "/keys.json", this::jwks);
    ConditionalGet.route(config, "/keys/{kid}", this::jwk);
    ConditionalGet.route(config, "/asap/<kid>", this::pem);
  }

  private JwksDocument document() {
    List<JwksDocument> parts = keys.stream().map(ServerKeys::jwks).toList();
    if (parts.size() == 1) {
      return parts.getFirst();
    }
    Merged last = merged;
    if (last != null && last.parts().equals(parts)) {
      return last.document();
    }
    JwksDocument fresh = JwksDocument.merged(parts);
    merged = new Merged(parts, fresh);
    return fresh;
  }

  private void jwks(Context ctx) {
    JwksDocument jwks = document();
    ConditionalGet.respond(ctx, jwks.etag(), maxAge, "application/json", jwks.json());
  }

  private void jwk(Context ctx) {
    String json = JwksDocument.jwkOf(key(ctx));
    ConditionalGet.respond(ctx, JwksDocument.etag(json), maxAge, "application/json", json);
  }

  private void pem(Context ctx) {
    String pem = key(ctx).publicKey().toPem();
    ConditionalGet.respond(ctx, JwksDocument.etag(pem), maxAge, "application/x-pem-file", pem);
  }

  private ServerKey key(Context ctx) {
    String kid = ctx.pathParam("kid");
    if (kid.isEmpty() || kid.length() > MAX_KID_LENGTH) {
      throw new NotFoundResponse("no such server key");
    }
    for (ServerKeys of : keys) {
      java.util.Optional<ServerKey> key = of.published(kid);
      if (key.isPresent()) {
        return key.get();
      }
    }
    throw new NotFoundResponse("no such server key");
  }
}
