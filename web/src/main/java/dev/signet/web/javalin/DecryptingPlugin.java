package dev.signet.web.javalin;

import dev.signet.VerifiedToken;
import dev.signet.web.Decision;
import dev.signet.web.EncryptedBodies;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.plugin.Plugin;
import java.util.Objects;
import java.util.Optional;

/**
 * A Javalin 7 plugin that decrypts {@code Content-Type: application/jose} request bodies with
 * {@link EncryptedBodies}; register it after {@link SignetPlugin}, so that a nested JWT's signer is
 * checked against the authenticated caller. Routes read the plaintext with {@link #plaintext} and
 * its type with {@link #contentType} ({@code ctx.body()} stays the JWE: Javalin caches the body it
 * read), and the verified sender of a nested JWT with {@link #sender}. A refused body is answered
 * here with one 400 for every cause and the route never runs.
 *
 * {@snippet :
 * config.registerPlugin(new SignetPlugin(resourceServer));
 * config.registerPlugin(new DecryptingPlugin(encryptedBodies));
 * config.routes.post("/orders", ctx -> orders.add(DecryptingPlugin.plaintext(ctx).orElse(ctx.bodyAsBytes())));
 * }
 */
public final class DecryptingPlugin extends Plugin<Void> {
  private static final String PLAINTEXT = DecryptingPlugin.class.getName() + ".plaintext";
  private static final String TYPE = DecryptingPlugin.class.getName() + ".type";
  private static final String SENDER = DecryptingPlugin.class.getName() + ".sender";

  private final EncryptedBodies bodies;

  public DecryptingPlugin(EncryptedBodies bodies) {
    this.bodies = Objects.requireNonNull(bodies, "bodies");
  }

  /** The decrypted body of this request; empty when it was not {@code application/jose}. */
  public static Optional<byte[]> plaintext(Context ctx) {
    return ctx.attribute(PLAINTEXT) instanceof byte[] body ? Optional.of(body.clone()) : Optional.empty();
  }

  /** The decrypted body's type: the JWE's {@code cty}, {@code application/json} for a nested JWT's claims. */
  public static Optional<String> contentType(Context ctx) {
    return ctx.attribute(TYPE) instanceof String type ? Optional.of(type) : Optional.empty();
  }

  /** The verified sender of a nested JWT body; empty otherwise. */
  public static Optional<VerifiedToken> sender(Context ctx) {
    return ctx.attribute(SENDER) instanceof VerifiedToken t ? Optional.of(t) : Optional.empty();
  }

  @Override
  public void onStart(JavalinState state) {
    state.routes.beforeMatched(this::handle);
  }

  private void handle(Context ctx) {
    if (!EncryptedBodies.isJose(ctx.contentType()) || ctx.attribute(PLAINTEXT) != null) {
      return;
    }
    Optional<byte[]> body;
    if (ctx.req().getContentLengthLong() > bodies.maxBodyBytes()) {
      body = Optional.empty();
    } else {
      byte[] read;
      try {
        read = ctx.bodyAsBytes();
      } catch (RuntimeException e) { // over Javalin's own maxRequestSize
        read = null;
      }
      body = read == null || read.length > bodies.maxBodyBytes() ? Optional.empty() : Optional.of(read);
    }
    switch (bodies.open(ctx.contentType(), body, SignetPlugin.identity(ctx).orElse(null), ctx.path())) {
      case EncryptedBodies.Opened.NotEncrypted n -> {}
      case EncryptedBodies.Opened.Refused(Decision.Refused refused) -> {
        ctx.status(refused.status()).contentType("application/json").result(refused.body());
        ctx.skipRemainingHandlers();
      }
      case EncryptedBodies.Opened.Plaintext p -> {
        ctx.attribute(PLAINTEXT, p.body());
        ctx.attribute(TYPE, p.contentType());
        p.sender().ifPresent(sender -> ctx.attribute(SENDER, sender));
      }
    }
  }

  @Override
  public String name() {
    return "DecryptingPlugin";
  }
}
