package dev.signet.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A YAML node with its place in the file ({@code routes[1].upstream}), so that every error names the field. */
record Node(String path, JsonNode json) {

  Node field(String name) {
    return new Node(path.isEmpty() ? name : path + "." + name, json.path(name));
  }

  boolean isMissing() {
    return json.isMissingNode() || json.isNull();
  }

  /** Refuses any field not in {@code known}: a typo must not silently turn a check off. */
  Node only(Set<String> known) {
    if (!json.isObject()) {
      throw error("must be a mapping");
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new ConfigException((path.isEmpty() ? "" : path + ".") + name + " is not a known field; known: " + known.stream().sorted().toList());
      }
    }
    return this;
  }

  String text() {
    if (isMissing()) {
      throw error("is required");
    }
    if (!json.isTextual() && !json.isNumber()) {
      throw error("must be a string");
    }
    String text = json.asText();
    if (text.isBlank()) {
      throw error("must not be blank");
    }
    return text;
  }

  @Nullable String optionalText() {
    return isMissing() ? null : text();
  }

  long positiveLong() {
    if (!json.canConvertToLong() || !json.isIntegralNumber() || json.asLong() < 1) {
      throw error("must be a positive whole number: " + shown());
    }
    return json.asLong();
  }

  boolean flag(boolean otherwise) {
    if (isMissing()) {
      return otherwise;
    }
    if (!json.isBoolean()) {
      throw error("must be true or false: " + shown());
    }
    return json.asBoolean();
  }

  List<Node> items() {
    if (isMissing()) {
      return List.of();
    }
    if (!json.isArray()) {
      throw error("must be a list");
    }
    List<Node> items = new ArrayList<>();
    for (int i = 0; i < json.size(); i++) {
      items.add(new Node(path + "[" + i + "]", json.get(i)));
    }
    return items;
  }

  ConfigException error(String problem) {
    return new ConfigException(path + " " + problem);
  }

  String shown() {
    String text = json.isTextual() ? "'" + json.asText() + "'" : json.toString();
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }
}
