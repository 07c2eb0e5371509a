package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.StreamSupport;

/**
 * The admin commands' output for people: rows of the server's JSON objects in aligned columns, or
 * one object as aligned {@code field value} lines. Values come from the server and are shown with
 * control characters replaced, so an odd label cannot rewrite the terminal.
 */
final class Table {
  private static final int MAX_CELL = 120;

  /** A column: its heading and how to show a row's value. */
  record Column(String heading, Function<JsonNode, String> value) {
    /** The field {@code name} shown by {@link #text}. */
    static Column of(String heading, String name) {
      return new Column(heading, row -> text(row.path(name)));
    }
  }

  private Table() {}

  /** A heading line and one line per element of {@code rows} (a JSON array). */
  static String rows(JsonNode rows, List<Column> columns) {
    List<List<String>> lines = new ArrayList<>();
    lines.add(columns.stream().map(Column::heading).toList());
    for (JsonNode row : rows) {
      lines.add(columns.stream().map(c -> clean(c.value().apply(row))).toList());
    }
    return align(lines);
  }

  /** One object as {@code field  value} lines. */
  static String fields(JsonNode object, List<Column> fields) {
    List<List<String>> lines = new ArrayList<>();
    for (Column field : fields) {
      lines.add(List.of(field.heading(), clean(field.value().apply(object))));
    }
    return align(lines);
  }

  /**
   * A JSON value for a cell: "-" for null or missing, arrays comma-separated, instants to the
   * second ({@code 2026-03-01T10:00:00Z}), anything else as its text.
   */
  static String text(JsonNode value) {
    if (value.isMissingNode() || value.isNull()) {
      return "-";
    }
    if (value.isArray()) {
      List<String> items = StreamSupport.stream(value.spliterator(), false).map(Table::text).toList();
      return items.isEmpty() ? "-" : String.join(",", items);
    }
    if (value.isTextual()) {
      String s = value.textValue();
      return s.isEmpty() ? "-" : instant(s);
    }
    return value.isContainerNode() ? value.toString() : value.asText();
  }

  private static String instant(String text) {
    if (text.length() < 20 || !Character.isDigit(text.charAt(0)) || text.charAt(10) != 'T') {
      return text;
    }
    try {
      return Instant.parse(text).truncatedTo(ChronoUnit.SECONDS).toString();
    } catch (DateTimeParseException e) {
      return text;
    }
  }

  private static String clean(String cell) {
    String oneLine = ErrorReporter.oneLine(cell);
    return oneLine.isEmpty() ? "-" : oneLine.length() <= MAX_CELL ? oneLine : oneLine.substring(0, MAX_CELL) + "…";
  }

  private static String align(List<List<String>> lines) {
    int columns = lines.getFirst().size();
    int[] width = new int[columns];
    for (List<String> line : lines) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], length(line.get(i)));
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> line : lines) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        String cell = line.get(i);
        text.append(cell);
        if (i < columns - 1) {
          text.append(" ".repeat(width[i] - length(cell) + 2));
        }
      }
      out.append(text.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  private static int length(String cell) {
    return cell.codePointCount(0, cell.length());
  }
}
