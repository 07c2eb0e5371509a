package dev.signet.dist;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * The server's log (on stderr, through the CLI's Logback configuration), set from {@code
 * --log-level}. At {@code info} an operator sees what they need: the effective configuration, the
 * crypto provider, the management listener, then warnings and errors; the libraries' start-up
 * chatter (HikariCP, Flyway, Jetty, Javalin, Lettuce) shows from {@code debug} on. Stdout carries
 * the admin enrollment code and the {@code listening on} line.
 */
final class ServerLogging {
  /** Libraries whose INFO lines narrate their own start; their warnings still show. */
  static final List<String> CHATTY = List.of("com.zaxxer.hikari", "org.flywaydb", "org.eclipse.jetty", "io.javalin", "io.lettuce",
      "io.netty", "reactor");

  private ServerLogging() {}

  static void apply(String level) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another SLF4J backend: its own configuration rules
    }
    Level root = Level.toLevel(level, Level.INFO);
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(root);
    Level libraries = root.isGreaterOrEqual(Level.WARN) ? root : root.isGreaterOrEqual(Level.INFO) ? Level.WARN : root;
    for (String name : CHATTY) {
      context.getLogger(name).setLevel(libraries);
    }
    context.addTurboFilter(new UnverifiedH2Version());
  }

  /**
   * Drops Flyway's warning that the H2 in use (2.4.240) is newer than the version Flyway 11.20 was
   * verified with (2.3.232), printed on every start whatever the level. Signet's migrations are
   * plain SQL, run on 2.4.240 by every build's tests ({@code DatabaseTest} and the suites on H2),
   * and H2 2.4 files cannot go back to 2.3, so the newer H2 stays and this line goes. Flyway's
   * other warnings stay.
   */
  static final class UnverifiedH2Version extends TurboFilter {
    @Override
    public FilterReply decide(@Nullable Marker marker, Logger logger, Level level, @Nullable String format,
        @Nullable Object @Nullable [] params, @Nullable Throwable t) {
      return format != null && logger.getName().startsWith("org.flywaydb") && format.contains("newer than the version Flyway has been verified with")
          ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
  }
}
