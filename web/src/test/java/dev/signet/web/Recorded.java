package dev.signet.web;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * What a resource server reported, for tests to assert reason and detail of a refusal: the
 * metrics it recorded and the lines it logged.
 */
final class Recorded implements WebMetrics, AutoCloseable {
  final List<String> rejected = new CopyOnWriteArrayList<>();
  final List<String> accepted = new CopyOnWriteArrayList<>();
  final List<Boolean> cache = new CopyOnWriteArrayList<>();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(ResourceServer.class);

  Recorded() {
    appender.start();
    logger.addAppender(appender);
  }

  @Override
  public void accepted(String method) {
    accepted.add(method);
  }

  @Override
  public void rejected(String reason) {
    rejected.add(reason);
  }

  @Override
  public void verified(Duration elapsed) {}

  @Override
  public void cache(boolean hit) {
    cache.add(hit);
  }

  String lastReason() {
    return rejected.getLast();
  }

  /** The last line logged, as formatted. */
  String lastLog() {
    return appender.list.getLast().getFormattedMessage();
  }

  List<String> logs() {
    return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
  }
}
