package dev.signet.web;

import java.util.List;

/**
 * A path pattern of {@link AccessRules}: segments separated by {@code /}, each literal or
 * {@code *} (any one segment), the last one possibly {@code **} (any number of segments, none
 * included). Matching walks the segments once: no regular expression, no backtracking.
 */
record PathPattern(String text, List<String> segments, boolean anyTail) {

  static PathPattern parse(String text) {
    if (!text.startsWith("/")) {
      throw new IllegalArgumentException("a path pattern starts with '/': '" + text + "'");
    }
    List<String> segments = List.of(text.substring(1).split("/", -1));
    boolean anyTail = segments.getLast().equals("**");
    if (anyTail) {
      segments = segments.subList(0, segments.size() - 1);
    }
    for (String s : segments) {
      if (s.equals("**")) {
        throw new IllegalArgumentException("'**' may only end a path pattern: '" + text + "'");
      }
      if (s.contains("*") && !s.equals("*")) {
        throw new IllegalArgumentException("'*' stands for a whole segment, not part of one: '" + text + "'");
      }
    }
    if (!anyTail && segments.size() > 1 && segments.getLast().isEmpty()) {
      throw new IllegalArgumentException("a path pattern does not end with '/' (use '/**' for a subtree): '" + text + "'");
    }
    return new PathPattern(text, List.copyOf(segments), anyTail);
  }

  /** Whether {@code path}, a canonical path starting with {@code /}, matches. */
  boolean matches(String path) {
    int position = 1;
    for (String segment : segments) {
      if (position > path.length()) {
        return false;
      }
      int end = path.indexOf('/', position);
      if (end < 0) {
        end = path.length();
      }
      if (!segment.equals("*") && !path.regionMatches(position, segment, 0, Math.max(segment.length(), end - position))) {
        return false;
      }
      if (segment.equals("*") && end == position) {
        return false;
      }
      position = end + 1;
    }
    if (anyTail) {
      return position >= path.length() || path.charAt(position - 1) == '/';
    }
    return position == path.length() + 1;
  }
}
