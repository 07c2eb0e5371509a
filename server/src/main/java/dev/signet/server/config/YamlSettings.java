package dev.signet.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The server's YAML file: a mapping of top-level keys to single values (or lists of them, for the
 * settings that take several), each with its line, so that an error can point at it. Read as a stream of tokens, so that a key given twice is caught
 * rather than silently won by the last.
 */
final class YamlSettings {
  private static final long MAX_BYTES = 1024 * 1024;

  /** A value and the line of its key. */
  record Entry(String text, int line) {}

  private YamlSettings() {}

  static Map<String, Entry> read(String fileName) {
    Path file = Path.of(fileName);
    String content = readFile(fileName, file);
    Map<String, Entry> out = new LinkedHashMap<>();
    try (JsonParser parser = new YAMLFactory().createParser(content)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return out; // an empty file
      }
      if (first != JsonToken.START_OBJECT) {
        throw new ConfigException("config file " + fileName + " must be a YAML mapping of settings (key: value lines)");
      }
      for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
        String key = parser.currentName();
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken value = parser.nextToken();
        String text;
        if (value == JsonToken.START_ARRAY) {
          text = listItems(parser, key, fileName, line);
        } else if (value == JsonToken.START_OBJECT) {
          throw new ConfigException(key + " in " + fileName + " (line " + line + ") must be a single value or a list, not a mapping");
        } else {
          text = value == JsonToken.VALUE_NULL ? "" : parser.getText();
        }
        Entry previous = out.put(key, new Entry(text, line));
        if (previous != null) {
          throw new ConfigException(key + " appears twice in " + fileName + " (lines " + previous.line() + " and " + line + ")");
        }
      }
      return out;
    } catch (JsonProcessingException e) {
      throw syntaxError(fileName, e);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + fileName + ": " + e.getMessage());
    }
  }

  /** A list of single values ({@code [htm, htu]}, or one {@code - item} per line), as the comma-separated text flags take. */
  private static String listItems(JsonParser parser, String key, String fileName, int line) throws IOException {
    StringBuilder items = new StringBuilder();
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
      if (t == null || t.isStructStart()) {
        throw new ConfigException(key + " in " + fileName + " (line " + line + ") must list single values");
      }
      items.append(items.isEmpty() ? "" : ",").append(parser.getText());
    }
    return items.toString();
  }

  private static String readFile(String fileName, Path file) {
    try {
      if (Files.isDirectory(file)) {
        throw new ConfigException("config file " + fileName + " is a directory");
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new ConfigException("config file " + fileName + " is larger than 1 MiB");
      }
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file " + fileName + ": no such file");
    } catch (AccessDeniedException e) {
      throw new ConfigException("config file " + fileName + ": permission denied");
    } catch (CharacterCodingException e) {
      throw new ConfigException("config file " + fileName + " is not UTF-8 text");
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + fileName + ": " + e.getMessage());
    }
  }

  /** {@code config file F, line 2, column 7: mapping values are not allowed here}: SnakeYAML's own words, without its dump. */
  private static ConfigException syntaxError(String fileName, JsonProcessingException e) {
    String where;
    String what;
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      Mark mark = yaml.getProblemMark();
      where = "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
      what = firstLine(yaml.getProblem());
      if (yaml.getContext() != null) {
        what = what + " (" + firstLine(yaml.getContext()) + ")";
      }
    } else {
      JsonLocation at = e.getLocation();
      where = at == null ? "?" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
      what = firstLine(e.getOriginalMessage());
    }
    return new ConfigException("config file " + fileName + " is not valid YAML: " + where + ": " + what);
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return (newline < 0 ? text : text.substring(0, newline)).strip();
  }
}
