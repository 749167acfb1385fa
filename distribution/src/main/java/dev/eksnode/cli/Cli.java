package dev.eksnode.cli;

import dev.eksnode.cli.command.AddedCommand;
import dev.eksnode.cli.command.Command;
import dev.eksnode.cli.command.Exit;
import dev.eksnode.cli.command.ExitCode;
import dev.eksnode.cli.command.HelpText;
import dev.eksnode.cli.command.Invocation;
import dev.eksnode.cli.command.Parser;
import dev.eksnode.cli.command.Session;
import dev.eksnode.cli.command.UsageException;
import dev.eksnode.cli.diagnose.AnalyzeCommand;
import dev.eksnode.cli.diagnose.CollectLogsCommand;
import dev.eksnode.cli.diagnose.VerifyNodeCommand;
import dev.eksnode.cli.info.ConfigSchemaCommand;
import dev.eksnode.cli.info.HelpCommand;
import dev.eksnode.cli.info.PluginsCommand;
import dev.eksnode.cli.info.VersionCommand;
import dev.eksnode.cli.run.BootstrapCommand;
import dev.eksnode.cli.run.DemoCommand;
import dev.eksnode.cli.run.GraphCommand;
import dev.eksnode.cli.run.ImageBuildCommand;
import dev.eksnode.cli.run.PlanCommand;
import dev.eksnode.cli.run.ValidateCommand;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.EksnodeException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs one eksnode command and returns its exit code; {@link Main} is the process around it. Finds the
 * command with the {@link Parser}, runs it, and turns what it throws into the documented exit codes:
 * usage and configuration mistakes 2, a failure of the environment 1, and anything unexpected 70, as an
 * internal error naming the plugin it came from.
 */
public final class Cli {

  private final Session session;

  /**
   * @param environment what eksnode sees as its environment: steps read it through the host, and the
   *     instance metadata endpoint override ({@code AWS_EC2_METADATA_SERVICE_ENDPOINT}) is taken from it
   */
  public Cli(PrintStream out, PrintStream err, Map<String, String> environment) {
    this(out, err, environment, System.in);
  }

  /** @param in what {@code validate -} reads */
  public Cli(PrintStream out, PrintStream err, Map<String, String> environment, InputStream in) {
    this.session = new Session(out, err, in, environment);
  }

  public int run(String... argv) {
    List<String> args = List.of(argv);
    Supplier<List<Command>> added = memoized(() -> {
      Invocation globals = Parser.globals(args);
      return AddedCommand.find(globals.root(), globals.pluginsDirectory());
    });
    List<Command> builtIn = builtIn(() -> listed(added));
    Parser parser = new Parser(builtIn, added);
    Optional<Command> command = Optional.empty();
    try {
      switch (parser.parse(args)) {
        case Parser.NoCommand none -> {
          (none.help() ? session.out() : session.err()).print(HelpText.overview(parser.builtIn(), listed(added)));
          return none.help() ? ExitCode.OK : ExitCode.BAD_INPUT;
        }
        case Parser.Incomplete incomplete -> {
          if (incomplete.help() && incomplete.candidates().size() == 1) {
            session.out().print(HelpText.of(incomplete.candidates().getFirst()));
            return ExitCode.OK;
          }
          session.err().println("eksnode: '" + String.join(" ", incomplete.words()) + "' needs a subcommand: "
              + String.join(", ", incomplete.candidates().stream().map(Command::name).toList()));
          return ExitCode.BAD_INPUT;
        }
        case Parser.Unknown unknown -> {
          session.err().println("eksnode: unknown command '" + String.join(" ", unknown.words()) + "'");
          session.err().println("Run 'eksnode --help' for the list of commands.");
          return ExitCode.BAD_INPUT;
        }
        case Parser.Found found -> {
          command = Optional.of(found.command());
          if (found.invocation().help()) {
            session.out().print(HelpText.of(found.command()));
            return ExitCode.OK;
          }
          return found.command().run(found.invocation(), session);
        }
      }
    } catch (UsageException e) {
      session.err().println("eksnode: " + e.getMessage());
      Optional<String> name = e.command().isPresent() ? e.command() : command.map(Command::name);
      session.err().println("Run 'eksnode " + name.map(n -> n + " ").orElse("") + "--help' for usage.");
      return ExitCode.BAD_INPUT;
    } catch (ConfigException e) {
      session.printConfigProblems(e.problems());
      return ExitCode.BAD_INPUT;
    } catch (Exit e) {
      return e.code();
    } catch (EksnodeException e) {
      // The environment failed (a service did not answer, a file could not be written): not the input.
      session.err().println("eksnode: " + e.getMessage());
      return ExitCode.STEP_FAILED;
    } catch (RuntimeException | LinkageError | AssertionError e) {
      return UnexpectedFailure.report(e, command, args, session);
    }
  }

  /**
   * eksnode's own commands, in the order the overview lists them.
   *
   * @param added the commands plugins add, for {@code help}
   */
  static List<Command> builtIn(Supplier<List<Command>> added) {
    List<Command> builtIn = new ArrayList<>();
    builtIn.addAll(List.of(
        new BootstrapCommand(),
        new ImageBuildCommand(),
        new PlanCommand(),
        new ValidateCommand(),
        new ConfigSchemaCommand(),
        new PluginsCommand(),
        new GraphCommand(),
        new AnalyzeCommand(),
        new VerifyNodeCommand(),
        new CollectLogsCommand(),
        new VersionCommand(),
        new DemoCommand(),
        new HelpCommand(() -> builtIn, added)));
    return List.copyOf(builtIn);
  }

  /** The commands plugins add, for listing: none when they cannot be found (the command run reports why). */
  private static List<Command> listed(Supplier<List<Command>> added) {
    try {
      return added.get();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private static <T> Supplier<T> memoized(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;

      @Override
      public T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }
}
