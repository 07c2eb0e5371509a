package dev.signet.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Raw settings by name ({@code port}, {@code data-dir}…) from three sources, flags over
 * {@code SIGNET_*} environment variables over a YAML file, each remembering where it came from so
 * that an error can name the flag, variable or file line the operator must fix.
 */
public final class Settings {
  /** Where a value came from, for error messages. */
  public enum Source { FLAG, ENVIRONMENT, FILE }

  private record Value(String text, Source source) {}

  private final Map<String, Value> values;
  private final @Nullable Path file;

  private Settings(Map<String, Value> values, @Nullable Path file) {
    this.values = Map.copyOf(values);
    this.file = file;
  }

  /**
   * Merges the sources. {@code flags} are keyed by flag name without dashes ({@code data-dir});
   * the environment contributes {@code SIGNET_DATA_DIR}-style variables; the YAML file (its path
   * from the {@code config} flag or {@code SIGNET_CONFIG}) any top-level scalar keys.
   *
   * @throws ConfigException if the YAML file cannot be read or is not a mapping of scalars
   */
  public static Settings from(Map<String, String> flags, Map<String, String> environment) {
    Map<String, Value> merged = new HashMap<>();
    String configFile = flags.containsKey("config") ? flags.get("config") : environment.get("SIGNET_CONFIG");
    Path file = configFile == null ? null : Path.of(configFile);
    if (file != null) {
      readYaml(file).forEach((k, v) -> merged.put(k, new Value(v, Source.FILE)));
    }
    environment.forEach((k, v) -> {
      if (k.startsWith("SIGNET_") && !k.equals("SIGNET_CONFIG") && !k.startsWith("SIGNET_TEST_")) {
        merged.put(k.substring(7).toLowerCase(Locale.ROOT).replace('_', '-'), new Value(v, Source.ENVIRONMENT));
      }
    });
    flags.forEach((k, v) -> merged.put(normalize(k), new Value(v, Source.FLAG)));
    merged.remove("config");
    return new Settings(merged, file);
  }

  private static Map<String, String> readYaml(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    Map<String, String> out = new HashMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return out;
    }
    if (!root.isObject()) {
      throw new ConfigException("config file " + file + " must be a YAML mapping of settings");
    }
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if (!e.getValue().isValueNode()) {
        throw new ConfigException("setting '" + e.getKey() + "' in " + file + " must be a single value");
      }
      out.put(normalize(e.getKey()), e.getValue().asText());
    }
    return out;
  }

  private static String normalize(String name) {
    return name.replaceFirst("^-+", "").toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public Optional<String> get(String name) {
    Value v = values.get(name);
    return v == null || v.text().isBlank() ? Optional.empty() : Optional.of(v.text().strip());
  }

  /** Names given that no setting uses, for an error on typos. */
  public java.util.Set<String> names() {
    return values.keySet();
  }

  /** How to name {@code name} in a message: {@code --port}, {@code SIGNET_PORT}, or {@code port in signet.yaml}. */
  public String describe(String name) {
    Value v = values.get(name);
    Source source = v == null ? Source.FLAG : v.source();
    return switch (source) {
      case FLAG -> "--" + name;
      case ENVIRONMENT -> "SIGNET_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
      case FILE -> name + " in " + file;
    };
  }
}
