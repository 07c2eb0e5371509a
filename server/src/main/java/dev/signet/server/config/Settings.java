package dev.signet.server.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Raw settings by name ({@code port}, {@code data-dir}…) from three sources, flags over
 * {@code SIGNET_*} environment variables over a YAML file, each remembering how the operator wrote
 * it and where, so that an error can name the flag, the variable or the file line to fix. Names
 * are kept as written: {@link ServerConfig#from} refuses those no setting has.
 */
public final class Settings {
  /** Where a value came from, for error messages. */
  public enum Source { FLAG, ENVIRONMENT, FILE }

  /** A value as given: its text, its source, and how it was named there ({@code --port}, {@code SIGNET_PORT}, {@code port}). */
  record Value(String text, Source source, String spelling, int line) {}

  private final Map<String, Value> values;
  private final @Nullable String file;

  private Settings(Map<String, Value> values, @Nullable String file) {
    this.values = Map.copyOf(values);
    this.file = file;
  }

  /**
   * Merges the sources. {@code flags} are keyed by flag name without its dashes ({@code data-dir});
   * the environment contributes its {@code SIGNET_*} variables ({@code SIGNET_DATA_DIR} is
   * {@code data-dir}) but for {@code SIGNET_CONFIG} and {@code SIGNET_TEST_*}; the YAML file (its
   * path from the {@code config} flag or {@code SIGNET_CONFIG}) its top-level keys, exactly as
   * written.
   *
   * @throws ConfigException if the YAML file cannot be read or is not a mapping of single values
   */
  public static Settings from(Map<String, String> flags, Map<String, String> environment) {
    Map<String, Value> merged = new HashMap<>();
    String configFile = flags.containsKey("config") ? flags.get("config") : environment.get("SIGNET_CONFIG");
    if (configFile != null) {
      YamlSettings.read(configFile).forEach((k, v) -> merged.put(k, new Value(v.text(), Source.FILE, k, v.line())));
    }
    environment.forEach((k, v) -> {
      if (k.startsWith("SIGNET_") && !k.equals("SIGNET_CONFIG") && !k.startsWith("SIGNET_TEST_")) {
        merged.put(k.substring(7).toLowerCase(Locale.ROOT).replace('_', '-'), new Value(v, Source.ENVIRONMENT, k, 0));
      }
    });
    flags.forEach((k, v) -> {
      if (!k.equals("config")) {
        String name = k.startsWith("--") ? k.substring(2) : k;
        merged.put(name, new Value(v, Source.FLAG, "--" + name, 0));
      }
    });
    return new Settings(merged, configFile);
  }

  /** The value given for {@code name}, stripped; empty if none or blank. */
  public Optional<String> get(String name) {
    Value v = values.get(name);
    return v == null || v.text().isBlank() ? Optional.empty() : Optional.of(v.text().strip());
  }

  /** Every name given, as this class keys them. */
  public Set<String> names() {
    return values.keySet();
  }

  /** Where {@code name} was given. */
  Source source(String name) {
    Value v = values.get(name);
    return v == null ? Source.FLAG : v.source();
  }

  /**
   * How to name {@code name} in a message, as the operator wrote it: {@code --port},
   * {@code SIGNET_PORT}, or {@code port in signet.yaml (line 3)}.
   */
  public String describe(String name) {
    Value v = values.get(name);
    if (v == null) {
      return "--" + name;
    }
    return v.source() == Source.FILE ? v.spelling() + " in " + file + " (line " + v.line() + ")" : v.spelling();
  }
}
