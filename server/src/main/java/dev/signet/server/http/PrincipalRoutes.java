package dev.signet.server.http;

import dev.signet.VerificationKey;
import dev.signet.server.audit.Actor;
import dev.signet.server.enrollment.EnrollmentCodes;
import dev.signet.server.registry.KeyRegistry;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What a principal does for itself: {@code GET/POST /whoami} (by a request token, or an access
 * token issued here: {@link AccessTokenAuthentication}), {@code POST /enroll} (with a
 * one-time code, no token), and key rotation under {@code /me/keys}, signed by a current key.
 */
public final class PrincipalRoutes {
  private final Supplier<RequestTokenAuthentication> authentication;
  private final KeyRegistry registry;
  private final EnrollmentCodes enrollments;
  private final AdminLists lists;
  private final Whoami whoami;
  private final EncryptedBodies encrypted;

  public PrincipalRoutes(Supplier<RequestTokenAuthentication> authentication, Supplier<OAuth> oauth, HttpServer.Services services) {
    this.authentication = authentication;
    this.registry = services.registry();
    this.enrollments = services.enrollments();
    this.whoami = new Whoami(authentication, oauth, services.principalKeys());
    this.lists = new AdminLists(authentication, registry, enrollments, services.audit(), services.clock());
    this.encrypted = new EncryptedBodies(services.encryptionKeys());
  }

  public void register(JavalinConfig config) {
    config.routes.get("/whoami", ctx -> whoami(ctx, false));
    config.routes.post("/whoami", ctx -> whoami(ctx, true));
    config.routes.post("/enroll", this::enroll);
    config.routes.get("/me/keys", ctx -> {
      Caller caller = authentication.get().authenticateForThisServer(ctx);
      lists.keys(ctx, caller.principal());
    });
    config.routes.post("/me/keys", ctx -> {
      Caller caller = authentication.get().authenticateForThisServer(ctx);
      KeyInput input = Json.read(ctx, KeyInput.class);
      ctx.status(201).json(Views.KeyView.of(registry.addKey(caller.principal(), input.registration(), actor(ctx, caller))));
    });
    config.routes.delete("/me/keys/<kid>", ctx -> {
      Caller caller = authentication.get().authenticateForThisServer(ctx);
      registry.deleteKey(caller.principal(), ctx.pathParam("kid"), actor(ctx, caller));
      ctx.status(204);
    });
  }

  /** {@code GET /whoami} comes here only in the cases {@link WhoamiHandler} leaves to Javalin. */
  private void whoami(Context ctx, boolean echo) {
    Exchange ex = Exchange.of(ctx);
    boolean accessToken = AccessTokenAuthentication.presented(ex);
    if (accessToken) {
      ctx.attribute(Challenge.ACCEPTS_BEARER, true);
    }
    Caller caller = whoami.authenticate(ex, accessToken);
    ctx.json(whoami.view(caller, echo ? payload(ctx, caller) : null));
  }

  /** The request body echoed back: JSON as JSON, anything else as text; an {@code application/jose} body decrypted first. */
  private @Nullable Object payload(Context ctx, Caller caller) {
    byte[] body = Bodies.bytes(ctx);
    if (body.length == 0) {
      return null;
    }
    if (EncryptedBodies.isJose(ctx)) {
      return encrypted.open(ctx, caller, authentication.get(), body);
    }
    String type = ctx.contentType();
    if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw ApiException.badRequest("the body is not valid JSON");
      }
    }
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The code is checked and claimed before the key is parsed: without a valid code, no key parsing. */
  private void enroll(Context ctx) {
    KeyInput.WithCode input = Json.read(ctx, KeyInput.WithCode.class);
    if (input.code() == null || input.code().isBlank()) {
      throw ApiException.badRequest("field 'code' is required");
    }
    String keyText = KeyInput.text(input.publicKey());
    var key = enrollments.redeem(input.code().strip(), () -> VerificationKey.parse(keyText),
        Actor.anonymous(RequestIds.of(ctx), RequestIds.source(ctx)));
    ctx.status(201).json(Views.KeyView.of(key));
  }

  private static Actor actor(Context ctx, Caller caller) {
    return Actor.of(caller.principal(), RequestIds.of(ctx), RequestIds.source(ctx));
  }

}
