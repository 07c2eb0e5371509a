package dev.signet.cli;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One log line, {@code 10:04:31.120 WARN  d.s.cli.CryptoOption - message}: what the pattern
 * {@code %d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n} gives, without parsing a pattern. The
 * message is escaped ({@link TerminalText}): a name or value from a token cannot start a new log
 * line or send the terminal an escape sequence.
 */
final class LogLine extends LayoutBase<ILoggingEvent> {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
  private final TargetLengthBasedClassNameAbbreviator logger = new TargetLengthBasedClassNameAbbreviator(30);

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(128);
    line.append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp()))).append(' ');
    String level = event.getLevel().toString();
    line.append(level).append(" ".repeat(Math.max(0, 5 - level.length()))).append(' ');
    line.append(logger.abbreviate(event.getLoggerName())).append(" - ");
    line.append(TerminalText.escape(event.getFormattedMessage())).append('\n');
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      line.append(ThrowableProxyUtil.asString(thrown)).append('\n');
    }
    return line.toString();
  }
}
