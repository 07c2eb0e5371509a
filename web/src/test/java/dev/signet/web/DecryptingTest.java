package dev.signet.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.DecryptionKey;
import dev.signet.InMemoryPrincipalKeys;
import dev.signet.JweDecrypter;
import dev.signet.JweEncrypter;
import dev.signet.KeyManagement;
import dev.signet.RequestTokenVerifier;
import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import dev.signet.testing.TestKeys;
import dev.signet.web.javalin.DecryptingPlugin;
import dev.signet.web.javalin.SignetPlugin;
import dev.signet.web.servlet.DecryptingFilter;
import dev.signet.web.servlet.SignetFilter;
import io.javalin.Javalin;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decrypting filter (Servlet) and plugin (Javalin) after the authenticating ones: a JWE body
 * reaches the application as its plaintext, a nested JWT as its claims with the verified sender,
 * and every refusal is the same 400.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecryptingTest {
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "alice");
  static final SigningKey BOB = TestKeys.of(Algorithm.ES256, "bob");
  static final DecryptionKey SERVICE = DecryptionKey.generate(KeyManagement.ECDH_ES);
  static final String REFUSED = "{\"error\":\"invalid_request\"}";
  final HttpClient http = HttpClient.newHttpClient();
  final InMemoryPrincipalKeys principals = new InMemoryPrincipalKeys().add("alice", ALICE.publicKey()).add("bob", BOB.publicKey());
  Server jetty;
  Javalin javalin;
  URI servlet;
  URI javalinBase;

  RequestTokenVerifier verifier() {
    return RequestTokenVerifier.builder(principals).audience(Fixture.PUBLIC_URL.toString()).build();
  }

  EncryptedBodies bodies() {
    return EncryptedBodies.builder(JweDecrypter.builder(SERVICE).build()).senders(verifier()).build();
  }

  ResourceServer resourceServer() {
    return ResourceServer.builder(Fixture.PUBLIC_URL).requestTokens(verifier()).build();
  }

  @BeforeAll
  void start() throws Exception {
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addFilter(new FilterHolder(new SignetFilter(resourceServer())), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addFilter(new FilterHolder(new DecryptingFilter(bodies())), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String sender = DecryptingFilter.sender(req).map(t -> t.principal()).orElse("-");
        res.getOutputStream().write(answer(req.getRemoteUser(), req.getContentType(), sender, body).getBytes(StandardCharsets.UTF_8));
      }
    }), "/*");
    jetty.setHandler(context);
    jetty.start();
    servlet = URI.create("http://127.0.0.1:" + connector.getLocalPort());

    javalin = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.registerPlugin(new SignetPlugin(resourceServer()));
      config.registerPlugin(new DecryptingPlugin(bodies()));
      config.routes.post("/echo", ctx -> ctx.result(answer(SignetPlugin.identity(ctx).orElseThrow().principal(),
          DecryptingPlugin.contentType(ctx).orElse(ctx.contentType()),
          DecryptingPlugin.sender(ctx).map(t -> t.principal()).orElse("-"),
          new String(DecryptingPlugin.plaintext(ctx).orElse(ctx.bodyAsBytes()), StandardCharsets.UTF_8))));
    }).start("127.0.0.1", 0);
    javalinBase = URI.create("http://127.0.0.1:" + javalin.port());
  }

  @AfterAll
  void stop() throws Exception {
    jetty.stop();
    javalin.stop();
  }

  static String answer(String principal, String type, String sender, String body) {
    return principal + "|" + type + "|" + sender + "|" + body;
  }

  Stream<Supplier<URI>> surfaces() {
    return Stream.of(named(() -> servlet, "servlet"), named(() -> javalinBase, "javalin"));
  }

  private static Supplier<URI> named(Supplier<URI> uri, String name) {
    return new Supplier<>() {
      @Override
      public URI get() {
        return uri.get();
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  HttpResponse<String> post(URI base, SigningKey key, String principal, String contentType, String body) throws Exception {
    String token = TokenSigner.of(key).requestToken(principal).sign();
    return http.send(HttpRequest.newBuilder(base.resolve("/echo")).header("Authorization", "JWT " + token)
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  String nested(SigningKey key, String principal) {
    String inner = TokenSigner.of(key).requestToken(principal).audience(Fixture.PUBLIC_URL.toString()).sign();
    return JweEncrypter.builder(SERVICE.encryptionKey()).build().encryptToken(inner);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("surfaces")
  void post_jwe_applicationGetsThePlaintext(Supplier<URI> base) throws Exception {
    String jwe = JweEncrypter.builder(SERVICE.encryptionKey()).compress().build()
        .encrypt("{\"n\":1}".getBytes(StandardCharsets.UTF_8), "application/json");

    HttpResponse<String> response = post(base.get(), ALICE, "alice", "application/jose", jwe);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("alice|application/json|-|{\"n\":1}");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("surfaces")
  void post_nestedJwtOfTheCaller_claimsAndVerifiedSender(Supplier<URI> base) throws Exception {
    HttpResponse<String> response = post(base.get(), ALICE, "alice", "application/jose; charset=us-ascii", nested(ALICE, "alice"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).startsWith("alice|application/json|alice|{").contains("\"sub\":\"alice\"");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("surfaces")
  void post_nestedJwtOfAnotherPrincipal_the400(Supplier<URI> base) throws Exception {
    HttpResponse<String> response = post(base.get(), ALICE, "alice", "application/jose", nested(BOB, "bob"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo(REFUSED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("surfaces")
  void post_hostileJwes_allTheSame400(Supplier<URI> base) throws Exception {
    String good = JweEncrypter.builder(SERVICE.encryptionKey()).build().encrypt(new byte[] {1});
    String header = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"PBES2-HS256+A128KW\",\"enc\":\"A128GCM\",\"p2c\":2147483647}".getBytes(StandardCharsets.UTF_8));
    for (String body : new String[] {good.substring(0, good.length() - 3), header + good.substring(good.indexOf('.')), "junk",
        JweEncrypter.builder(SERVICE.encryptionKey()).compress().build().encrypt(new byte[4 << 20]), nested(BOB, "alice")}) {
      HttpResponse<String> response = post(base.get(), ALICE, "alice", "application/jose", body);

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.body()).isEqualTo(REFUSED);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("surfaces")
  void post_notJose_passedOnUntouched(Supplier<URI> base) throws Exception {
    HttpResponse<String> response = post(base.get(), ALICE, "alice", "text/plain", "hello");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("alice|text/plain|-|hello");
  }
}
