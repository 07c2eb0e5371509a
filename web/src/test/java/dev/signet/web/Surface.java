package dev.signet.web;

import dev.signet.web.javalin.SignetPlugin;
import dev.signet.web.javalin.SignetRole;
import dev.signet.web.servlet.SignetFilter;
import io.javalin.Javalin;
import io.javalin.http.Context;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The same small application on each integration, on a free loopback port: {@code GET /health}
 * public, {@code GET /me} any valid credential, {@code GET /orders} scope {@code orders:read},
 * {@code POST /signed} request tokens only (echoes the body), {@code GET /dpop} DPoP only. Each
 * answers {@code principal credential scopes}.
 */
interface Surface extends AutoCloseable {
  URI base();

  @Override
  void close();

  AccessRules RULES = AccessRules.builder()
      .publicPaths("/health")
      .rule("/orders", Access.scopes("orders:read"), "GET")
      .rule("/signed", Access.authenticated().only(Credential.REQUEST_TOKEN))
      .rule("/dpop", Access.authenticated().only(Credential.DPOP))
      .build();

  static String describe(Identity who, String body) {
    return who.principal() + " " + who.credential() + " " + String.join(",", who.scopes()) + (body.isEmpty() ? "" : " " + body);
  }

  /** The application as a servlet on Jetty 12 (ee10), behind {@link SignetFilter}. */
  static Surface servlet(ResourceServer resourceServer) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration().setRequestHeaderSize(65536);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(new FilterHolder(new SignetFilter(resourceServer, RULES)), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String answer = req.getRequestURI().equals("/health") ? "ok"
            : describe(SignetFilter.identity(req).orElseThrow(), body) + " user=" + req.getUserPrincipal().getName() + " auth=" + req.getAuthType();
        res.setContentType("text/plain");
        res.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
      }
    }), "/*");
    server.setHandler(context);
    server.start();
    URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    return new Surface() {
      @Override
      public URI base() {
        return base;
      }

      @Override
      public void close() {
        try {
          server.stop();
        } catch (Exception e) {
          throw new IllegalStateException("cannot stop Jetty", e);
        }
      }

      @Override
      public String toString() {
        return "servlet";
      }
    };
  }

  /** The application on Javalin 7 with {@link SignetPlugin}, its routes marked with {@link SignetRole}s. */
  static Surface javalin(ResourceServer resourceServer) {
    Javalin app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.jetty.modifyHttpConfiguration(h -> h.setRequestHeaderSize(65536));
      config.registerPlugin(new SignetPlugin(resourceServer));
      config.routes.get("/health", ctx -> ctx.result("ok"), SignetRole.publicRoute());
      config.routes.get("/me", Surface::answer);
      config.routes.get("/orders", Surface::answer, SignetRole.scopes("orders:read"));
      config.routes.post("/signed", Surface::answer, SignetRole.of(Access.authenticated().only(Credential.REQUEST_TOKEN)));
      config.routes.get("/dpop", Surface::answer, SignetRole.of(Access.authenticated().only(Credential.DPOP)));
    }).start("127.0.0.1", 0);
    URI base = URI.create("http://127.0.0.1:" + app.port());
    return new Surface() {
      @Override
      public URI base() {
        return base;
      }

      @Override
      public void close() {
        app.stop();
      }

      @Override
      public String toString() {
        return "javalin";
      }
    };
  }

  private static void answer(Context ctx) {
    Identity who = SignetPlugin.identity(ctx).orElseThrow();
    ctx.result(describe(who, ctx.body()) + " user=" + who.getName() + " auth=" + who.credential().scheme());
  }
}
