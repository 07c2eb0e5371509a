package dev.signet.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import dev.signet.Algorithm;
import dev.signet.server.keys.JwksDocument;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * {@code GET /.well-known/oauth-authorization-server}: the RFC 8414 metadata, built with the
 * Nimbus OAuth 2.0 SDK: the issuer, {@code jwks_uri}, the token, introspection and revocation
 * endpoints, the {@code client_credentials} grant with {@code private_key_jwt} client
 * authentication (RFC 7523), the algorithms client assertions may use, and those DPoP proofs may
 * use (RFC 9449). An issuer with a path is served at the RFC 8414 §3 location too
 * ({@code /.well-known/oauth-authorization-server/path}). Built once the issuer is known,
 * cacheable for {@code --jwks-max-age}, with an {@code ETag}.
 *
 * <p>No {@code response_types_supported}: the server has no authorization endpoint. No
 * {@code scopes_supported}: scopes are per principal, and the list would tell strangers what
 * the registry holds.
 */
public final class MetadataRoutes {
  static final String PATH = "/.well-known/oauth-authorization-server";

  /** What client assertions (and request tokens) may be signed with: every algorithm Signet verifies. */
  static final List<Algorithm> CLIENT_ALGORITHMS = List.of(Algorithm.values());

  /**
   * What DPoP proofs may be signed with: those of {@link #CLIENT_ALGORITHMS} that the Nimbus
   * SDK's DPoP verifiers accept (RSA and the NIST curves; not EdDSA).
   */
  static final List<Algorithm> DPOP_ALGORITHMS = List.copyOf(EnumSet.of(Algorithm.RS256, Algorithm.RS384, Algorithm.RS512,
      Algorithm.PS256, Algorithm.PS384, Algorithm.PS512, Algorithm.ES256, Algorithm.ES384, Algorithm.ES512));

  private record Document(String json, String etag) {}

  private final Supplier<URI> issuer;
  private final Duration maxAge;
  private final AtomicReference<Document> document = new AtomicReference<>();

  /** {@code issuer} is asked on the first request (with {@code --port 0} the port is known only then). */
  public MetadataRoutes(Supplier<URI> issuer, Duration maxAge) {
    this.issuer = issuer;
    this.maxAge = maxAge;
  }

  /** Registers the route, and the RFC 8414 §3 one for {@code configuredIssuer}'s path, if it has one. */
  public void register(JavalinConfig config, java.util.Optional<URI> configuredIssuer) {
    ConditionalGet.route(config, PATH, this::metadata);
    configuredIssuer.map(URI::getRawPath).filter(p -> !p.isEmpty() && !p.equals("/")).ifPresent(path ->
        ConditionalGet.route(config, PATH + (path.endsWith("/") ? path.substring(0, path.length() - 1) : path), this::metadata));
  }

  private void metadata(Context ctx) {
    Document d = document.updateAndGet(current -> current != null ? current : build(issuer.get()));
    ConditionalGet.respond(ctx, d.etag(), maxAge, "application/json", d.json());
  }

  static Document build(URI issuer) {
    String base = issuer.toString().endsWith("/") ? issuer.toString().substring(0, issuer.toString().length() - 1) : issuer.toString();
    AuthorizationServerMetadata m = new AuthorizationServerMetadata(new Issuer(issuer.toString()));
    m.setJWKSetURI(URI.create(base + "/.well-known/jwks.json"));
    m.setTokenEndpointURI(URI.create(base + "/oauth/token"));
    m.setIntrospectionEndpointURI(URI.create(base + "/oauth/introspect"));
    m.setRevocationEndpointURI(URI.create(base + "/oauth/revoke"));
    m.setGrantTypes(List.of(GrantType.CLIENT_CREDENTIALS));
    List<ClientAuthenticationMethod> methods = List.of(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
    List<JWSAlgorithm> clientAlgorithms = jose(CLIENT_ALGORITHMS);
    m.setTokenEndpointAuthMethods(methods);
    m.setTokenEndpointJWSAlgs(clientAlgorithms);
    m.setIntrospectionEndpointAuthMethods(methods);
    m.setIntrospectionEndpointJWSAlgs(clientAlgorithms);
    m.setRevocationEndpointAuthMethods(methods);
    m.setRevocationEndpointJWSAlgs(clientAlgorithms);
    m.setDPoPJWSAlgs(jose(DPOP_ALGORITHMS));
    String json = write(m.toJSONObject());
    return new Document(json, JwksDocument.etag(json));
  }

  private static List<JWSAlgorithm> jose(List<Algorithm> algorithms) {
    return algorithms.stream().map(a -> JWSAlgorithm.parse(a.name())).toList();
  }

  /** The issuer first, then the other members by name: the same bytes on every instance (Nimbus' map has no order). */
  private static String write(Map<String, Object> members) {
    Map<String, Object> ordered = new LinkedHashMap<>();
    TreeMap<String, Object> rest = new TreeMap<>(members);
    ordered.put("issuer", rest.remove("issuer"));
    ordered.putAll(rest);
    try {
      return Json.MAPPER.writeValueAsString(ordered);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the metadata", e);
    }
  }
}
