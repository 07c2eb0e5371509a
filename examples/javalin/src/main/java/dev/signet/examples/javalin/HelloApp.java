package dev.signet.examples.javalin;

import dev.signet.web.Identity;
import dev.signet.web.ResourceServer;
import dev.signet.web.TrustedIssuer;
import dev.signet.web.javalin.SignetPlugin;
import dev.signet.web.javalin.SignetRole;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * {@code java -jar app.jar --port 8081 --issuer http://127.0.0.1:8080}: {@code GET /hello} needs
 * an access token of that issuer for audience {@code hello-api} with scope {@code hello:read},
 * and answers who called. Every other route would need a valid token too (no role: any).
 */
public final class HelloApp {
  private HelloApp() {}

  record Hello(String principal, String scope) {}

  public static void main(String[] args) {
    Options options;
    ResourceServer resourceServer;
    try {
      options = Options.parse(args);
      resourceServer = ResourceServer.builder(options.publicUrl())
          .trust(TrustedIssuer.builder(options.issuer()).audience(options.audience()).build()) // keys from its RFC 8414 metadata
          .build();
    } catch (IllegalArgumentException | IllegalStateException e) { // a wrong option: one line, no stack trace
      System.err.println("hello: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    Javalin app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.registerPlugin(new SignetPlugin(resourceServer));
      config.routes.get("/hello", HelloApp::hello, SignetRole.scopes("hello:read"));
    }).start(options.host(), options.port());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.stop();
      resourceServer.close();
    }));
    System.out.println("listening on http://" + options.host() + ":" + app.port());
  }

  private static void hello(Context ctx) {
    Identity caller = SignetPlugin.identity(ctx).orElseThrow();
    ctx.json(new Hello(caller.principal(), String.join(" ", caller.scopes())));
  }
}
