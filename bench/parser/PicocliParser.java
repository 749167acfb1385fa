import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * JVM start plus the same command model as OwnParser through picocli's programmatic API (no
 * annotations, no reflection): 13 subcommands, the global options on each, 6 options each. Prints what
 * it found.
 */
public class PicocliParser {

  public static void main(String[] args) {
    CommandSpec root = CommandSpec.create().name("eksnode");
    globals(root);
    for (String name : new String[] {"bootstrap", "image", "plan", "validate", "config", "plugins", "graph", "analyze",
        "verify-node", "collect-logs", "version", "demo", "help"}) {
      CommandSpec command = CommandSpec.create().name(name);
      globals(command);
      for (String option : new String[] {"--phase", "--format", "--report", "--svg"}) {
        command.addOption(OptionSpec.builder(option).paramLabel("X").type(String.class).build());
      }
      command.addOption(OptionSpec.builder("--explain").type(boolean.class).build());
      command.addOption(OptionSpec.builder("--keep").type(boolean.class).build());
      command.addPositional(PositionalParamSpec.builder().arity("0..*").type(String[].class).build());
      if (name.equals("image")) {
        command.addSubcommand("build", CommandSpec.create().name("build"));
      }
      if (name.equals("config")) {
        command.addSubcommand("schema", CommandSpec.create().name("schema"));
      }
      root.addSubcommand(name, command);
    }
    CommandLine.ParseResult result = new CommandLine(root).parseArgs(args);
    CommandLine.ParseResult command = result.subcommand();
    System.out.println((command == null ? "?" : command.commandSpec().name()) + " "
        + (command == null ? "" : command.matchedOptions().size()));
  }

  private static void globals(CommandSpec spec) {
    for (String option : new String[] {"--root", "--plugins-dir", "--output"}) {
      spec.addOption(OptionSpec.builder(option).paramLabel("X").type(String.class).build());
    }
    for (String option : new String[] {"--config", "--config-source"}) {
      spec.addOption(OptionSpec.builder(option).paramLabel("X").type(String[].class).build());
    }
    for (String option : new String[] {"--strict", "--lenient", "--debug"}) {
      spec.addOption(OptionSpec.builder(option).type(boolean.class).build());
    }
    spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).build());
  }
}
