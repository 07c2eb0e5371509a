package dev.signet.spring;

import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns a refusal of the engine's builders into Spring Boot's failure for a property, so that a
 * wrong value stops the application with a message naming {@code signet.…} (Spring Boot's
 * failure analyzer prints it with where the value came from).
 */
final class PropertyProblem {
  private PropertyProblem() {}

  /**
   * Runs {@code step}; a refusal names the property that {@code settings} maps the first word of
   * the engine's message to (a builder's setting name, {@code clockSkew}), else {@code property}.
   */
  static <T> T check(String property, @Nullable Object value, Map<String, String> settings, Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      String message = String.valueOf(e.getMessage());
      throw invalid(settings.getOrDefault(firstWord(message), property), value, message);
    }
  }

  static <T> T check(String property, @Nullable Object value, Supplier<T> step) {
    return check(property, value, Map.of(), step);
  }

  static InvalidConfigurationPropertyValueException invalid(String property, @Nullable Object value, String reason) {
    return new InvalidConfigurationPropertyValueException(property, value, reason);
  }

  private static String firstWord(String message) {
    int end = 0;
    while (end < message.length() && Character.isLetter(message.charAt(end))) {
      end++;
    }
    return message.substring(0, end);
  }
}
