package dev.signet.server.http;

import dev.signet.Algorithm;
import dev.signet.KeyManagement;
import dev.signet.server.audit.Actor;
import dev.signet.server.keys.ServerKey;
import dev.signet.server.keys.KeyUse;
import dev.signet.server.keys.ServerKeys;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The server's keys for admins, under {@code /admin/signing-keys} and {@code /admin/encryption-keys}
 * (authenticated and authorized by {@link AdminRoutes}' filter on {@code /admin/*}): list them,
 * rotate (a new key, published now, in use after the publish-ahead time), and retire one (as
 * compromised: out of the JWKS at once).
 */
public final class SigningKeyRoutes {
  private final ServerKeys keys;
  private final Clock clock;
  private final String path;

  public SigningKeyRoutes(ServerKeys keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
    this.path = keys.use() == KeyUse.SIG ? "/admin/signing-keys" : "/admin/encryption-keys";
  }

  /** {@code POST /admin/signing-keys}: optionally another algorithm than {@code --signing-alg} (or than {@code RSA-OAEP-256}). */
  record Rotation(@Nullable String alg) {}

  /** {@code POST /admin/signing-keys/{kid}/retire}. */
  record Retirement(@Nullable Boolean compromised) {}

  /** A key as the API shows it; {@code status} is pending, active, retired or unpublished. */
  record KeyView(String kid, String use, String alg, String kty, String status, Instant createdAt, Instant activatesAt,
      @Nullable Instant retiresAt, @Nullable Instant unpublishAt) {
    static KeyView of(ServerKey k, Instant now) {
      String status = k.publishedAt(now) ? k.status(now).code() : "unpublished";
      return new KeyView(k.kid(), k.use().code(), k.alg(), k.publicKey().type().name(), status, k.createdAt(),
          k.activatesAt(), k.retiresAt(), k.unpublishAt());
    }
  }

  public void register(JavalinConfig config) {
    config.routes.get(path, ctx -> {
      Instant now = clock.instant();
      ctx.json(keys.list().stream().map(k -> KeyView.of(k, now)).toList());
    });
    config.routes.post(path, this::rotate);
    config.routes.post(path + "/{kid}/retire", this::retire);
  }

  private void rotate(Context ctx) {
    Rotation in = Bodies.bytes(ctx).length == 0 ? new Rotation(null) : Json.read(ctx, Rotation.class);
    String alg = in.alg();
    if (alg != null) {
      boolean known = keys.use() == KeyUse.SIG ? Algorithm.fromJoseName(alg).isPresent() : KeyManagement.fromJoseName(alg).isPresent();
      if (!known) {
        throw ApiException.badRequest("field 'alg' must be one of " + java.util.Arrays.toString(
            keys.use() == KeyUse.SIG ? Algorithm.values() : KeyManagement.values()));
      }
    }
    ServerKey created = keys.rotateTo(alg, actor(ctx));
    ctx.status(201).json(KeyView.of(created, clock.instant()));
  }

  private void retire(Context ctx) {
    Retirement in = Bodies.bytes(ctx).length == 0 ? new Retirement(null) : Json.read(ctx, Retirement.class);
    String kid = ctx.pathParam("kid");
    keys.retire(kid, Boolean.TRUE.equals(in.compromised()), actor(ctx));
    Instant now = clock.instant();
    ctx.json(keys.list().stream().filter(k -> k.kid().equals(kid)).findFirst().map(k -> KeyView.of(k, now))
        .orElseThrow(() -> ApiException.notFound("no key '" + kid + "'")));
  }

  private static Actor actor(Context ctx) {
    Caller caller = ctx.attribute(AdminRoutes.CALLER);
    if (caller == null) { // every admin route is authenticated before it runs
      throw new IllegalStateException("admin route " + ctx.path() + " reached without an authenticated caller");
    }
    return Actor.of(caller.principal(), RequestIds.of(ctx), RequestIds.source(ctx));
  }
}
