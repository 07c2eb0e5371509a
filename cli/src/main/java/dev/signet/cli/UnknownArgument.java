package dev.signet.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A parse error about an argument the command does not know, told as such: {@code unknown option
 * '--princpal'; did you mean '--principal'?} or {@code unknown command 'servr'; did you mean
 * 'server'?}. picocli reports a missing required option before an unknown one, which hides a typo
 * in that option's own name; this looks at the unknown arguments first.
 */
final class UnknownArgument {
  private static final int MAX_COMPARED = 64;

  private UnknownArgument() {}

  /** The message for {@code ex} when an argument was not recognised; empty for other errors. */
  static Optional<String> describe(ParameterException ex) {
    CommandLine command = ex.getCommandLine();
    List<String> unmatched = ex instanceof UnmatchedArgumentException u ? u.getUnmatched() : command.getUnmatchedArguments();
    if (unmatched.isEmpty()) {
      return Optional.empty();
    }
    String argument = unmatched.getFirst();
    CommandSpec spec = command.getCommandSpec();
    if (argument.startsWith("-") && argument.length() > 1) {
      String name = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
      // only long names are compared: any one-letter option is one typo away from any other
      return Optional.of("unknown option '" + name + "'" + (name.startsWith("--") ? suggestion(name, optionNames(spec)) : ""));
    }
    if (!spec.subcommands().isEmpty()) {
      return Optional.of("unknown command '" + argument + "'" + suggestion(argument, List.copyOf(spec.subcommands().keySet())));
    }
    return Optional.of("unexpected argument '" + argument + "'");
  }

  private static List<String> optionNames(CommandSpec spec) {
    List<String> names = new ArrayList<>();
    for (OptionSpec option : spec.options()) {
      if (!option.hidden()) {
        names.addAll(List.of(option.names()).stream().filter(n -> n.startsWith("--")).toList());
        if (option.negatable()) {
          names.add(option.longestName().replaceFirst("^--", "--no-"));
        }
      }
    }
    return names;
  }

  /** "; did you mean 'x'?" (or 'x' or 'y'), for the names within a few typos of {@code typed}. */
  private static String suggestion(String typed, List<String> known) {
    List<String> close = known.stream()
        .filter(name -> distance(typed, name) <= Math.max(1, name.length() / 4))
        .sorted(Comparator.comparingInt((String name) -> distance(typed, name)).thenComparing(Comparator.naturalOrder()))
        .limit(3)
        .map(name -> "'" + name + "'")
        .toList();
    return close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?";
  }

  /** Levenshtein distance, with a swap of two neighbours as one edit; long input is not compared. */
  static int distance(String a, String b) {
    if (a.length() > MAX_COMPARED || b.length() > MAX_COMPARED) {
      return Integer.MAX_VALUE;
    }
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
