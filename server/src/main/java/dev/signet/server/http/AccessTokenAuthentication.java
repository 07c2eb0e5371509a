package dev.signet.server.http;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import dev.signet.VerifiedToken;
import dev.signet.server.audit.SafeText;
import dev.signet.server.tokens.IssuedTokens;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates a request by an access token this server issued ({@code /whoami}): {@code
 * Authorization: Bearer <token>}, or {@code DPoP <token>} with its {@code DPoP} proof (RFC 9449
 * §7). A DPoP-bound token ({@code cnf.jkt}) sent as Bearer is refused, as is the DPoP scheme with
 * an unbound token. The token must name this server in {@code aud} (the issuer or a public URL):
 * one issued for another resource is not for this one. Its principal must still exist and be
 * enabled.
 *
 * <p>Which tokens come here rather than to request-token authentication: the DPoP scheme, and
 * Bearer tokens whose header says {@code typ: at+jwt}. Both verifiers check {@code typ} again, so
 * the choice cannot make a request token pass as an access token or the reverse.
 */
final class AccessTokenAuthentication {
  private static final Logger log = LoggerFactory.getLogger(AccessTokenAuthentication.class);

  private AccessTokenAuthentication() {}

  /** Whether the request presents an access token (see the class comment). */
  static boolean presented(Exchange ex) {
    String header = ex.header("Authorization");
    if (header == null) {
      return false;
    }
    int space = header.indexOf(' ');
    if (space < 0) {
      return false;
    }
    String scheme = header.substring(0, space).toLowerCase(Locale.ROOT);
    if (scheme.equals("dpop")) {
      return true;
    }
    return scheme.equals("bearer") && "at+jwt".equalsIgnoreCase(type(header.substring(space + 1).strip()));
  }

  private static @Nullable String type(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0 || dot > 4096) {
      return null;
    }
    try {
      JWSHeader header = JWSHeader.parse(new Base64URL(token.substring(0, dot)));
      return header.getType() == null ? null : header.getType().getType();
    } catch (java.text.ParseException | RuntimeException e) {
      return null;
    }
  }

  /** The caller of an access token. @throws ApiException 401 (with {@code Bearer} and {@code DPoP} challenges) when refused */
  static Caller authenticate(Exchange ex, OAuth o) {
    String header = java.util.Objects.requireNonNull(ex.header("Authorization"));
    int space = header.indexOf(' ');
    boolean dpop = header.substring(0, space).equalsIgnoreCase("dpop");
    String token = header.substring(space + 1).strip();
    if (token.isEmpty()) {
      throw refused(ex, o, "NO_TOKEN", "empty token");
    }
    IssuedTokens.Check check = o.issued.check(token);
    if (check instanceof IssuedTokens.Check.Inactive(String reason, String detail)) {
      throw refused(ex, o, reason, detail);
    }
    IssuedTokens.Check.Active active = (IssuedTokens.Check.Active) check;
    VerifiedToken t = active.token();
    if (t.claims().audience().stream().noneMatch(a -> o.origins.bases().stream().anyMatch(b -> b.toString().equals(a))
        || a.equals(o.origins.issuer().toString()))) {
      throw refused(ex, o, "WRONG_AUDIENCE", "aud " + t.claims().audience() + " does not name this server");
    }
    String jkt = active.jkt();
    if (!dpop && jkt != null) {
      throw refused(ex, o, "DPOP_BOUND_AS_BEARER", "a DPoP-bound token (cnf.jkt) was sent as a bearer token");
    }
    if (dpop) {
      if (jkt == null) {
        throw refused(ex, o, "DPOP_NOT_BOUND", "the DPoP scheme with a token that has no cnf.jkt");
      }
      String proof;
      try {
        proof = DpopProofs.header(ex);
      } catch (OAuthError e) {
        throw refused(ex, o, "DPOP_PROOF", String.valueOf(e.getMessage()));
      }
      String why = proof == null ? "no DPoP proof header" : o.dpop.forResource(ex, proof, token, jkt);
      if (why != null) {
        throw refused(ex, o, "DPOP_PROOF", why);
      }
    }
    if (o.principals.principal(t.principal()).isEmpty()) {
      throw refused(ex, o, "UNKNOWN_PRINCIPAL", "principal '" + t.principal() + "' is gone or disabled");
    }
    return new Caller(t.principal(), t.keyId(), "access-token", t.claims().scopes());
  }

  private static ApiException refused(Exchange ex, OAuth o, String reason, String detail) {
    if (o.decisions.rejected(ex, null, null, reason, detail)) {
      log.info("rejection={} access-token path={} source={} request={} detail={}", reason, SafeText.escape(ex.path()),
          ex.source(), ex.requestId(), SafeText.escape(detail));
    }
    return ApiException.unauthorized(reason + ": " + detail);
  }
}
