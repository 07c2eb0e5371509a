package dev.signet.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/**
 * {@code java -jar app.jar --server.port=8081 --signet.issuer=http://127.0.0.1:8080}: every
 * route needs an access token of that issuer for audience {@code hello-api} (application.yml);
 * {@code @EnableMethodSecurity} for {@link HelloController}'s {@code @PreAuthorize}.
 */
@SpringBootApplication
@EnableMethodSecurity
public class HelloApplication {

  public static void main(String[] args) {
    SpringApplication.run(HelloApplication.class, args);
  }

  /** One line when ready, with the port actually bound (server.port=0 picks a free one). */
  @EventListener
  void ready(ApplicationReadyEvent event) {
    if (event.getApplicationContext() instanceof WebServerApplicationContext context) {
      WebServer server = context.getWebServer();
      String host = context.getEnvironment().getProperty("server.address", "127.0.0.1");
      if (server != null) {
        System.out.println("listening on http://" + host + ":" + server.getPort());
      }
    }
  }
}
