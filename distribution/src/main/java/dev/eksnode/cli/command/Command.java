package dev.eksnode.cli.command;

import java.util.List;

/**
 * One eksnode command: the words that name it, its help, the options it takes besides the global ones,
 * and what it does. {@link Parser} finds a command by its words and parses its options from {@link
 * #options()}; nothing else reads the argument vector.
 */
public interface Command {

  /** The words that name the command, e.g. {@code image build}. */
  List<String> words();

  /** What {@code --help} shows. */
  Help help();

  /** The options the command takes besides {@link GlobalOptions#ALL}; a command option shadows a global one. */
  default List<Option> options() {
    return List.of();
  }

  /** What may follow the command's words besides options. */
  default Operands operands() {
    return Operands.NONE;
  }

  /**
   * Runs the command.
   *
   * @return the exit code ({@link ExitCode})
   * @throws UsageException for a usage mistake the declarations could not catch (exit code 2)
   * @throws Exit to end with a code whose explanation is already printed
   */
  int run(Invocation invocation, Session session);

  /** The command's words as one string, e.g. {@code image build}. */
  default String name() {
    return String.join(" ", words());
  }

  /**
   * A command's help.
   *
   * @param usage the usage line, e.g. {@code eksnode plan [--phase boot|image] ...}
   * @param summary one line for the overview
   * @param details what it does, in a paragraph or more; may be empty
   * @param example one command line
   */
  record Help(String usage, String summary, String details, String example) {}

  /** What may follow a command's words. */
  enum Operands {
    /** Nothing: a word after the command is a mistake. */
    NONE,
    /** Words (files, {@code -}); options are still only the declared ones. */
    WORDS,
    /** Anything that is not a global option, unchecked, in order: what a plugin's command parses itself. */
    ANYTHING
  }
}
