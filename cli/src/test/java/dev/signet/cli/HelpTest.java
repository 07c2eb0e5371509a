package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What the help texts and cli/README.md say about options is what the commands take (gh-19:
 * {@code enroll --type} spoke of {@code --alg}, which enroll does not have; the README marked
 * {@code audit --principal} as required).
 */
class HelpTest {
  private static final Pattern OPTION = Pattern.compile("--[a-z][a-z0-9-]*");
  private static final Pattern REFERENCE = Pattern.compile("signet((?: [a-z][a-z-]*)+)");
  private static final Pattern REQUIRED_AT_USE = Pattern.compile("(?i)(^|\\()required[:;]");

  private final CommandLine root = Commands.commandLine(new Host(InputStream.nullInputStream(), Map.of(), Clock.systemUTC()));

  @Test
  void rootHelp_listedFromAnnotationsAlone_sameAsTheWholeTrees() {
    Host host = new Host(InputStream.nullInputStream(), Map.of(), Clock.systemUTC());
    for (String option : List.of("--help", "-h", "--version", "-V")) {
      CommandLine listing = Commands.commandLine(host, Map.of(), option);
      assertThat(listing.getUsageMessage(CommandLine.Help.Ansi.OFF)).as(option).isEqualTo(root.getUsageMessage(CommandLine.Help.Ansi.OFF));
    }
  }

  @Test
  void help_everyOptionItMentions_isAnOptionOfTheCommandItIsAbout() {
    List<String> unknown = new ArrayList<>();
    for (CommandLine command : commands(root)) {
      CommandLine listed = null; // in the list of subcommands, the one a line describes
      for (String line : command.getUsageMessage(CommandLine.Help.Ansi.OFF).lines().toList()) {
        String first = line.strip().split(" ")[0];
        if (line.startsWith("  ") && command.getSubcommands().containsKey(first)) {
          listed = command.getSubcommands().get(first);
        } else if (line.isBlank()) {
          listed = null;
        }
        CommandLine about = listed != null ? listed : command;
        String rest = line;
        Matcher reference = REFERENCE.matcher(line);
        if (reference.find()) { // "signet enroll --server URL …" is about enroll
          about = resolve(List.of(reference.group(1).strip().split(" ")));
          rest = line.substring(reference.end());
          checkMentions(command, line.substring(0, reference.start()), unknown);
        }
        checkMentions(about, rest, unknown);
      }
    }
    assertThat(unknown).isEmpty();
  }

  @Test
  void readme_synopses_nameRealOptionsAndMarkExactlyTheRequiredOnesAsRequired() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Synopsis synopsis : synopses(Files.readString(Path.of("README.md")))) {
      Set<String> names = names(synopsis.command());
      Set<String> unbracketed = new HashSet<>();
      for (Token token : synopsis.tokens()) {
        if (!names.contains(token.option())) {
          problems.add(synopsis.command().getCommandSpec().qualifiedName() + ": " + token.option() + " is no option");
        } else if (token.depth() == 0) {
          unbracketed.add(token.option());
          if (!required(synopsis.command().getCommandSpec().findOption(token.option()))) {
            problems.add(synopsis.command().getCommandSpec().qualifiedName() + ": " + token.option() + " is shown as required but is optional");
          }
        }
      }
      for (OptionSpec option : synopsis.command().getCommandSpec().options()) {
        if (required(option) && !unbracketed.contains(option.longestName())) {
          problems.add(synopsis.command().getCommandSpec().qualifiedName() + ": " + option.longestName() + " is required but not shown so");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void help_root_footerStatesTheLoggingThatClientCommandsDo() {
    String help = root.getUsageMessage(CommandLine.Help.Ansi.OFF);

    assertThat(help).contains("Logs go to stderr, from WARN up unless SIGNET_LOG_LEVEL names another level");
    assertThat(LogSetup.level(null)).hasToString("WARN");
    assertThat(LogSetup.level("debug")).hasToString("DEBUG");
    assertThat(LogSetup.level("nonsense")).hasToString("WARN");
  }

  private void checkMentions(CommandLine about, String text, List<String> unknown) {
    Set<String> names = names(about);
    Matcher option = OPTION.matcher(text);
    while (option.find()) {
      if (!names.contains(option.group())) {
        unknown.add(about.getCommandSpec().qualifiedName() + ": " + option.group() + " in \"" + text.strip() + "\"");
      }
    }
  }

  /** Required by picocli, or checked when used and described as "Required: …" (so that --help works without it). */
  private static boolean required(OptionSpec option) {
    return option.required() || (option.description().length > 0 && REQUIRED_AT_USE.matcher(option.description()[0]).find());
  }

  private static Set<String> names(CommandLine command) {
    Set<String> names = new HashSet<>();
    for (OptionSpec option : command.getCommandSpec().options()) {
      names.addAll(List.of(option.names()));
      if (option.negatable()) {
        names.add(option.longestName().replaceFirst("^--", "--no-"));
      }
    }
    return names;
  }

  private CommandLine resolve(List<String> path) {
    return resolveFrom(root, path);
  }

  private static List<CommandLine> commands(CommandLine command) {
    List<CommandLine> all = new ArrayList<>(List.of(command));
    command.getSubcommands().values().forEach(sub -> all.addAll(commands(sub)));
    return all;
  }

  record Token(String option, int depth) {}

  record Synopsis(CommandLine command, List<Token> tokens) {}

  /**
   * The synopses of the README's code blocks that start with {@code signet}: a block's first
   * line and its continuation lines, and for {@code admin} the indented lines of its subcommands.
   */
  private List<Synopsis> synopses(String readme) {
    List<Synopsis> synopses = new ArrayList<>();
    String[] blocks = readme.split("```");
    for (int i = 1; i < blocks.length; i += 2) {
      List<String> lines = blocks[i].strip().lines().toList();
      if (lines.isEmpty() || !lines.getFirst().startsWith("signet ")) {
        continue;
      }
      CommandLine base = resolve(List.of(lines.getFirst().substring(7).split(" ")));
      StringBuilder text = new StringBuilder(lines.getFirst().substring(7));
      CommandLine current = base;
      for (String line : lines.subList(1, lines.size())) {
        String stripped = line.strip();
        String first = stripped.split(" ")[0];
        if (base.getSubcommands().containsKey(first)) {
          synopses.add(new Synopsis(current, tokens(text.toString())));
          current = resolveFrom(base, List.of(stripped.split(" ")));
          text = new StringBuilder(stripped);
        } else {
          text.append(' ').append(stripped);
        }
      }
      synopses.add(new Synopsis(current, tokens(text.toString())));
    }
    assertThat(synopses).as("synopses found in README.md").hasSizeGreaterThan(5);
    return synopses;
  }

  private static CommandLine resolveFrom(CommandLine base, List<String> path) {
    CommandLine command = base;
    for (String word : path) {
      CommandLine next = command.getSubcommands().get(word);
      if (next == null) {
        break;
      }
      command = next;
    }
    return command;
  }

  /** The options in a synopsis with how deep in [ ] or ( ) each is. */
  private static List<Token> tokens(String synopsis) {
    List<Token> tokens = new ArrayList<>();
    int depth = 0;
    Matcher m = Pattern.compile("[\\[\\]()]|--[a-z][a-z0-9-]*").matcher(synopsis);
    while (m.find()) {
      switch (m.group()) {
        case "[", "(" -> depth++;
        case "]", ")" -> depth--;
        default -> tokens.add(new Token(m.group(), depth));
      }
    }
    return tokens;
  }
}
