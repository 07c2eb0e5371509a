package dev.signet.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Decryption;
import dev.signet.JweDecrypter;
import dev.signet.Verification;
import dev.signet.VerifiedToken;
import dev.signet.server.audit.SafeText;
import dev.signet.server.keys.EncryptionKeys;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request bodies sent as {@code Content-Type: application/jose}: a compact JWE to one of the
 * server's {@code use: enc} keys, or a nested JWT (signed by the caller, then encrypted). Every
 * refusal (too large, malformed, refused algorithm, any decryption failure, an inner token that
 * does not verify or that another principal signed) is the same 400 with the same body; the
 * cause goes to the log as one INFO line.
 */
final class EncryptedBodies {
  private static final Logger log = LoggerFactory.getLogger(EncryptedBodies.class);
  static final String REFUSED = "the body is not a JWE this server can decrypt for this caller";

  private final JweDecrypter decrypter;

  EncryptedBodies(EncryptionKeys keys) {
    this.decrypter = keys.decrypter();
  }

  static boolean isJose(Context ctx) {
    String type = ctx.contentType();
    if (type == null) {
      return false;
    }
    String media = type.toLowerCase(Locale.ROOT);
    int semicolon = media.indexOf(';');
    return (semicolon < 0 ? media : media.substring(0, semicolon)).strip().equals("application/jose");
  }

  /**
   * The decrypted body: for a nested JWT, the inner token's claims (its signer verified as the
   * caller); otherwise the plaintext, as JSON when it is JSON, else as text.
   */
  Object open(Context ctx, Caller caller, RequestTokenAuthentication authentication, byte[] body) {
    String jwe = new String(body, StandardCharsets.ISO_8859_1).strip(); // any non-ASCII byte fails the JWE's alphabet check
    Decryption.Decrypted decrypted = switch (decrypter.decrypt(jwe)) {
      case Decryption.Refused(Decryption.Reason reason, String detail) -> throw refused(ctx, caller, "jwe=" + reason, detail);
      case Decryption.Decrypted d -> d;
    };
    if (decrypted.isNested()) {
      VerifiedToken inner = switch (authentication.verifyInner(ctx, decrypted.innerToken().orElseThrow())) {
        case Verification.Invalid(dev.signet.Rejection reason, String detail) -> throw refused(ctx, caller, "inner=" + reason, detail);
        case Verification.Valid(VerifiedToken t) -> t;
      };
      if (!inner.principal().equals(caller.principal())) {
        throw refused(ctx, caller, "inner=OTHER_SIGNER", "the nested JWT was signed by principal '" + inner.principal()
            + "' (kid " + inner.keyId() + "), not by the caller");
      }
      return json(inner.claims().toJson()).orElseThrow();
    }
    String text = decrypted.text();
    return json(text).map(node -> (Object) node).orElse(text);
  }

  private static java.util.Optional<JsonNode> json(String text) {
    String start = text.stripLeading();
    if (!start.startsWith("{") && !start.startsWith("[")) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(Json.MAPPER.readTree(text));
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  private static ApiException refused(Context ctx, Caller caller, String reason, String detail) {
    log.info("rejection=ENCRYPTED_BODY {} principal={} path={} source={} request={} detail={}", reason, caller.principal(),
        SafeText.escape(ctx.path()), RequestIds.source(ctx), RequestIds.of(ctx), SafeText.escape(detail));
    return ApiException.badRequest(REFUSED);
  }
}
