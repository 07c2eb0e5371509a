package dev.signet.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;

/**
 * The signet command's logging, set up in code (found by Logback through {@code ServiceLoader})
 * rather than from {@code logback.xml}: reading XML costs a short command more than it runs.
 * Everything goes to stderr, since stdout carries the output, from {@link #DEFAULT_LEVEL} up
 * unless {@value #LEVEL_VARIABLE} names another level; {@code --verbose} and the server's
 * {@code --log-level} change the level later. Nothing logged holds a private key, a passphrase or
 * a token.
 *
 * <p>Logback starts when the first logger is made, which costs a short command about 18 ms (gh-18);
 * a command that would only log below the level asks {@link #mayLog} first and makes no logger.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
  /** The environment variable with the level; also the server's {@code --log-level}. */
  public static final String LEVEL_VARIABLE = "SIGNET_LOG_LEVEL";
  /** The level of the client commands unless {@link #LEVEL_VARIABLE} says otherwise. */
  public static final String DEFAULT_LEVEL = "WARN";

  /** Set once Logback has started with this configuration: from then on its loggers know their levels. */
  private static volatile boolean started;

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    LogLine layout = new LogLine();
    layout.setContext(context);
    layout.start();
    encoder.setLayout(layout);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(stderr);
    root.setLevel(level(System.getenv(LEVEL_VARIABLE)));
    started = true;
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * Whether a line at {@code wanted} may show, without starting Logback to ask: before it starts,
   * its level will be the one {@link #configure} sets ({@code --verbose} and the server's
   * {@code --log-level} start it before they change the level); once it has started, true, and the
   * logger itself decides.
   */
  static boolean mayLog(Level wanted) {
    return started || mayLog(wanted, System.getenv(LEVEL_VARIABLE));
  }

  /** Whether {@code wanted} shows at the level that {@code variable} (the value of {@link #LEVEL_VARIABLE}) names. */
  static boolean mayLog(Level wanted, @org.jspecify.annotations.Nullable String variable) {
    return wanted.isGreaterOrEqual(level(variable));
  }

  /** The level named (any case), else {@link #DEFAULT_LEVEL}. */
  static Level level(@org.jspecify.annotations.Nullable String name) {
    return Level.toLevel(name == null ? DEFAULT_LEVEL : name.strip().toUpperCase(Locale.ROOT), Level.toLevel(DEFAULT_LEVEL));
  }
}
