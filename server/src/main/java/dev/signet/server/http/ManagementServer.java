package dev.signet.server.http;

import dev.signet.server.metrics.ServerMetrics;
import io.javalin.Javalin;
import java.net.URI;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The management listener ({@code --management-port}, on loopback unless {@code
 * --management-host} says otherwise), as Spring Boot's actuator port and Keycloak's management
 * interface: {@code /metrics}, and {@code /readyz} with each check named. What it shows
 * (rejections by reason, which dependency is down) helps an operator and would help an attacker,
 * so the public listener does not serve it. Plain http, no authentication: keep it on a private
 * interface.
 */
public final class ManagementServer {
  private static final int MAX_THREADS = 8;

  private final Javalin app;
  private final String host;

  private ManagementServer(Javalin app, String host) {
    this.app = app;
    this.host = host;
  }

  /** Starts serving on {@code listener}, which it owns from here on. */
  public static ManagementServer start(Listener listener, Map<String, BooleanSupplier> dependencies, ServerMetrics metrics) {
    HealthRoutes routes = new HealthRoutes(dependencies, metrics);
    Javalin app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      c.startup.showOldJavalinVersionWarning = false;
      QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
      threads.setName("signet-management");
      c.jetty.threadPool = threads;
      c.jetty.modifyHttpConfiguration(h -> h.setSendServerVersion(false));
      c.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
      c.jetty.addConnector((server, httpConfig) -> {
        return listener.attach(new ServerConnector(server, 1, 1, new HttpConnectionFactory(httpConfig)));
      });
      routes.registerManagement(c);
    });
    app.start();
    return new ManagementServer(app, listener.host());
  }

  /** {@code http://host:port/}, as bound. */
  public URI baseUrl() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + h + ":" + app.port());
  }

  public void stop() {
    app.stop();
  }
}
