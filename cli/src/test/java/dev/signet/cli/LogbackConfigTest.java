package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The distribution's logging, as {@link LogSetup} configures it, writes each message on one line,
 * whatever it holds: a safety net under the server's own escaping of request text (issue 12, item 6).
 */
class LogbackConfigTest {
  @Test
  void messageWithLineBreaks_writtenOnOneLine() {
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8)); // the console appender takes System.err when it starts
      LogSetup setup = new LogSetup();
      setup.setContext(context);
      setup.configure(context);
      context.getLogger("dev.signet.server").error("refused {}", "token\r\n12:00:00.000 INFO  x - FORGED admin login ok\u2028\u0085\u2029end");
    } finally {
      context.stop();
      System.setErr(stderr);
    }

    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(out.lines()).hasSize(1);
    assertThat(out).contains("FORGED admin login ok").doesNotContain("\r", "\u2028", "\u0085", "\u2029").endsWith("end\n");
  }

  @Test
  void mayLog_beforeLogbackStarts_followsTheLevelItWillHave() { // gh-18: a command asks before it makes a logger
    assertThat(LogSetup.mayLog(Level.INFO, null)).isFalse();
    assertThat(LogSetup.mayLog(Level.WARN, null)).isTrue();
    assertThat(LogSetup.mayLog(Level.ERROR, null)).isTrue();
    assertThat(LogSetup.mayLog(Level.INFO, "info")).isTrue();
    assertThat(LogSetup.mayLog(Level.INFO, " Debug ")).isTrue();
    assertThat(LogSetup.mayLog(Level.WARN, "error")).isFalse();
    assertThat(LogSetup.mayLog(Level.INFO, "nonsense")).isFalse();
  }
}
