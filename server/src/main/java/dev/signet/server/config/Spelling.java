package dev.signet.server.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** The known name an unknown one was probably meant to be: {@code data_dir}, {@code --port}, {@code prot}. */
final class Spelling {
  private static final int MAX_EDITS = 2;
  private static final int MAX_LENGTH = 64;

  private Spelling() {}

  static Optional<String> suggest(String given, Collection<String> known) {
    if (given.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    String normal = normalize(given);
    if (known.contains(normal)) {
      return Optional.of(normal);
    }
    String best = null;
    int bestDistance = MAX_EDITS + 1;
    for (String name : known) {
      int d = distance(normal, name);
      if (d < bestDistance) {
        best = name;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Leading dashes, case, underscores for dashes and a trailing colon are the usual slips. */
  private static String normalize(String name) {
    int start = 0;
    while (start < name.length() && name.charAt(start) == '-') {
      start++;
    }
    int end = name.length();
    while (end > start && name.charAt(end - 1) == ':') {
      end--;
    }
    return name.substring(start, end).toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Levenshtein distance of two short strings. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
