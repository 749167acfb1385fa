package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

import java.util.List;

/**
 * A subcommand a plugin adds to {@code eksnode}, e.g. {@code compliance report}. The CLI parses the
 * global options, hands the rest to {@link #run}, and prints the result as text or JSON.
 */
@API(status = STABLE, since = "0.1.0")
public interface PluginCommand {

  /** The command words, e.g. {@code compliance report}. */
  String name();

  /** One line for {@code eksnode --help}. */
  String summary();

  /** The usage line, e.g. {@code eksnode compliance report [--profile P]}. */
  String usage();

  /** A paragraph for {@code eksnode <name> --help}, and an example on its last line. */
  String help();

  /**
   * Runs the command.
   *
   * @param arguments the words after the command name (global options already removed)
   * @param host the machine, or the {@code --root} tree; commands only read unless they say otherwise
   * @return what to print and the exit code
   * @throws ConfigException for bad arguments (exit code 2)
   */
  Result run(List<String> arguments, Host host);

  /**
   * What a command produced.
   *
   * @param exitCode the process exit code
   * @param text the text output
   * @param json the same result as plain values (Map, List, String, Number, Boolean) for {@code --output json}
   */
  record Result(int exitCode, String text, Object json) {}
}
