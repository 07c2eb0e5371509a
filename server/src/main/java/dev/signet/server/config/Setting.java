package dev.signet.server.config;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One server setting, the single description from which its flag ({@code --data-dir}), its
 * environment variable ({@code SIGNET_DATA_DIR}), its YAML key ({@code data-dir}), its help line
 * and its place in the start log are all made. The table of them is {@link ServerSettings}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name lower-case words joined by {@code -}: the flag without its dashes and the YAML key
 * @param kind what values it takes
 * @param defaultValue the value when none is given; null for an optional setting
 * @param whenAbsent how the log and the help name the absence of a value (optional settings), or
 *     the default when it is better said in words than printed
 * @param label the value's placeholder in the help ({@code DURATION}, {@code FILE})
 * @param doc one line of help, lower-case, no trailing period
 * @param secret masked in the log
 */
public record Setting<T>(String name, Kind<T> kind, @Nullable T defaultValue, @Nullable String whenAbsent, String label,
    String doc, boolean secret) {

  public Setting {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(doc, "doc");
    if (defaultValue == null && whenAbsent == null) {
      throw new IllegalArgumentException("setting " + name + " needs a default or words for its absence");
    }
  }

  /** A setting with a default value. */
  public static <T> Setting<T> of(String name, Kind<T> kind, T defaultValue, String label, String doc) {
    return new Setting<>(name, kind, Objects.requireNonNull(defaultValue, "defaultValue"), null, label, doc, false);
  }

  /** An optional setting: null unless given; {@code whenAbsent} says what that means. */
  public static <T> Setting<T> optional(String name, Kind<T> kind, String whenAbsent, String label, String doc) {
    return new Setting<>(name, kind, null, whenAbsent, label, doc, false);
  }

  /** The same setting, masked in the log. */
  public Setting<T> masked() {
    return new Setting<>(name, kind, defaultValue, whenAbsent, label, doc, true);
  }

  /** The same setting, its default named in words for the help. */
  public Setting<T> defaultSaid(String words) {
    return new Setting<>(name, kind, defaultValue, words, label, doc, secret);
  }

  public String flag() {
    return "--" + name;
  }

  public String variable() {
    return "SIGNET_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** Whether it is a yes/no switch: {@code --single-instance} alone means {@code true}. */
  public boolean isSwitch() {
    return kind == Kind.bool();
  }

  /** {@code value} for the log: masked if secret, the absence in words if null. */
  public String show(@Nullable T value) {
    if (value == null) {
      return Objects.requireNonNullElse(whenAbsent, "-");
    }
    return secret ? "****" : kind.format(value);
  }

  /** The default for the help: in words if the table gives them, else printed as a user writes it. */
  public String defaultForHelp() {
    if (whenAbsent != null) {
      return whenAbsent;
    }
    return defaultValue == null ? "-" : kind.format(defaultValue);
  }

  /** The help line: what it does, the rule its value follows, and the default. */
  public String help() {
    return doc + " (default: " + defaultForHelp() + ")";
  }
}
