package dev.eksnode.cli.info;

import dev.eksnode.cli.command.Command;
import dev.eksnode.cli.command.ExitCode;
import dev.eksnode.cli.command.HelpText;
import dev.eksnode.cli.command.Invocation;
import dev.eksnode.cli.command.Parser;
import dev.eksnode.cli.command.Session;
import dev.eksnode.cli.command.UsageException;
import java.util.List;
import java.util.function.Supplier;

/** {@code eksnode help [COMMAND]}: the overview, or one command's help. */
public final class HelpCommand implements Command {

  private final Supplier<List<Command>> builtIn;
  private final Supplier<List<Command>> added;

  /**
   * @param builtIn eksnode's own commands, this one among them
   * @param added the commands plugins add
   */
  public HelpCommand(Supplier<List<Command>> builtIn, Supplier<List<Command>> added) {
    this.builtIn = builtIn;
    this.added = added;
  }

  @Override
  public List<String> words() {
    return List.of("help");
  }

  @Override
  public Operands operands() {
    return Operands.WORDS;
  }

  @Override
  public Help help() {
    return new Help("eksnode help [COMMAND]", "Print this overview, or the help of a command.",
        "The same as eksnode --help and eksnode COMMAND --help.", "eksnode help image build");
  }

  @Override
  public int run(Invocation invocation, Session session) {
    if (invocation.operands().isEmpty()) {
      session.out().print(HelpText.overview(builtIn.get(), added.get()));
      return ExitCode.OK;
    }
    return switch (new Parser(builtIn.get(), added).parse(invocation.operands())) {
      case Parser.Found found -> {
        session.out().print(HelpText.of(found.command()));
        yield ExitCode.OK;
      }
      case Parser.Incomplete incomplete when incomplete.candidates().size() == 1 -> {
        session.out().print(HelpText.of(incomplete.candidates().getFirst()));
        yield ExitCode.OK;
      }
      default -> throw new UsageException("no command '" + String.join(" ", invocation.operands()) + "'");
    };
  }
}
