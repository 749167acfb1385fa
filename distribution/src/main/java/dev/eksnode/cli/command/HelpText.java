package dev.eksnode.cli.command;

import java.util.List;

/** The {@code --help} texts: the overview of every command, and each command's own. */
public final class HelpText {

  private static final int WIDTH = 100;
  private static final int OPTION_COLUMN = 22;

  private HelpText() {}

  /** The overview: every command with its summary, the global options and the exit codes. */
  public static String overview(List<Command> builtIn, List<Command> added) {
    StringBuilder text = new StringBuilder();
    text.append("""
        eksnode: turns an EC2 instance into an EKS worker node.

        Usage: eksnode [global options] <command> [command options]

        Commands:
        """);
    int width = java.util.stream.Stream.concat(builtIn.stream(), added.stream()).mapToInt(c -> c.name().length()).max().orElse(0);
    String row = "  %-" + width + "s  %s%n";
    builtIn.forEach(command -> text.append(String.format(row, command.name(), command.help().summary())));
    if (!added.isEmpty()) {
      text.append("\nCommands added by plugins:\n");
      added.forEach(command -> text.append(String.format(row, command.name(), command.help().summary())));
    }
    text.append("\nGlobal options:\n");
    options(text, GlobalOptions.ALL);
    text.append("\n").append(ExitCode.SUMMARY).append("\n\n");
    text.append("""
        Example: eksnode demo
        Run 'eksnode <command> --help' for more about a command.
        """);
    return text.toString();
  }

  /** A command's help: summary, usage, details, its own options, and an example. */
  public static String of(Command command) {
    Command.Help help = command.help();
    StringBuilder text = new StringBuilder();
    text.append(help.summary()).append("\n\nUsage: ").append(help.usage()).append("\n");
    if (!help.details().isEmpty()) {
      text.append("\n").append(help.details().strip()).append("\n");
    }
    if (!command.options().isEmpty()) {
      text.append("\nOptions:\n");
      options(text, command.options());
    }
    text.append("\nGlobal options (")
        .append(String.join(", ", GlobalOptions.ALL.stream().filter(o -> o != GlobalOptions.HELP).map(Option::name).toList()))
        .append(") apply; see 'eksnode --help'.\n");
    text.append("\nExample:\n  ").append(help.example()).append("\n");
    return text.toString();
  }

  /** Each option's synopsis in a column, its description beside it, wrapped. */
  private static void options(StringBuilder text, List<Option> options) {
    for (Option option : options) {
      String synopsis = "  " + option.synopsis();
      StringBuilder line = new StringBuilder(synopsis);
      if (synopsis.length() >= OPTION_COLUMN) {
        line.append(' ');
      } else {
        line.append(" ".repeat(OPTION_COLUMN - synopsis.length()));
      }
      for (String word : option.description().split(" ")) {
        if (line.length() + 1 + word.length() > WIDTH && line.length() > OPTION_COLUMN) {
          text.append(line.toString().stripTrailing()).append("\n");
          line = new StringBuilder(" ".repeat(OPTION_COLUMN));
        } else if (line.length() > OPTION_COLUMN && !line.toString().endsWith(" ")) {
          line.append(' ');
        }
        line.append(word);
      }
      text.append(line).append("\n");
    }
  }
}
