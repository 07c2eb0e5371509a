package dev.signet.server.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every log event of every thread while open, as the lines an operator would read: the formatted
 * message, the logger, the MDC and any stack trace. For tests that check what is never logged.
 */
public final class LogCapture implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture() {
    appender.setName("signet-test-capture");
    appender.start();
    root.addAppender(appender);
  }

  public static LogCapture start() {
    return new LogCapture();
  }

  /** The captured lines so far. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    synchronized (appender) { // AppenderBase.doAppend holds this lock while it adds
      for (ILoggingEvent e : appender.list) {
        String line = e.getLevel() + " " + e.getLoggerName() + " " + e.getMDCPropertyMap() + " " + e.getFormattedMessage();
        if (e.getThrowableProxy() != null) {
          line += "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy());
        }
        lines.add(line);
      }
    }
    return lines;
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
