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
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
  /** The environment variable with the level; also the server's {@code --log-level}. */
  public static final String LEVEL_VARIABLE = "SIGNET_LOG_LEVEL";
  /** The level of the client commands unless {@link #LEVEL_VARIABLE} says otherwise. */
  public static final String DEFAULT_LEVEL = "WARN";

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
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** The level named (any case), else {@link #DEFAULT_LEVEL}. */
  static Level level(@org.jspecify.annotations.Nullable String name) {
    return Level.toLevel(name == null ? DEFAULT_LEVEL : name.strip().toUpperCase(Locale.ROOT), Level.toLevel(DEFAULT_LEVEL));
  }
}
