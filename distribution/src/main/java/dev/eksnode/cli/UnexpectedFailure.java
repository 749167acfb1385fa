package dev.eksnode.cli;

import dev.eksnode.cli.command.AddedCommand;
import dev.eksnode.cli.command.Command;
import dev.eksnode.cli.command.ExitCode;
import dev.eksnode.cli.command.Invocation;
import dev.eksnode.cli.command.Parser;
import dev.eksnode.cli.command.Session;
import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.LoadedPlugin;
import dev.eksnode.kernel.PluginPins;
import java.util.List;
import java.util.Optional;

/**
 * Reports an exception nothing expected: a bug in eksnode or in a plugin, not a mistake in the input.
 * One line names it an internal error, the plugin it came from (the plugin whose package holds the
 * most recent frame of the stack that is in a plugin) and the command; {@code --debug} (or {@code
 * EKSNODE_DEBUG=1}) adds the stack trace. Exit code {@value ExitCode#INTERNAL_ERROR}.
 */
final class UnexpectedFailure {

  private UnexpectedFailure() {}

  static int report(Throwable failure, Optional<Command> command, List<String> args, Session session) {
    boolean debug = args.contains("--debug") || "1".equals(session.environment().get("EKSNODE_DEBUG"));
    String culprit = plugin(failure, command, args).map(id -> "plugin '" + id + "'").orElse("eksnode");
    StackTraceElement[] frames = failure.getStackTrace();
    session.err().println("eksnode: internal error in " + culprit
        + command.map(c -> " while running '" + c.name() + "'").orElse("") + ": " + failure
        + (frames.length == 0 ? "" : " (at " + frames[0] + ")")
        + (debug ? "" : "; --debug prints the stack trace"));
    if (debug) {
      failure.printStackTrace(session.err());
    }
    return ExitCode.INTERNAL_ERROR;
  }

  /**
   * The plugin the failure came from: the plugin of an added command, else the plugin whose class's
   * package holds the first frame of the stack that is in any plugin's package.
   */
  private static Optional<String> plugin(Throwable failure, Optional<Command> command, List<String> args) {
    if (command.orElse(null) instanceof AddedCommand added) {
      return Optional.of(added.plugin());
    }
    List<LoadedPlugin> plugins;
    try {
      Invocation globals = Parser.globals(args);
      plugins = Kernel.discover(globals.pluginsDirectory(), PluginPins.read(globals.root())).plugins();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      for (StackTraceElement frame : cause.getStackTrace()) {
        for (LoadedPlugin loaded : plugins) {
          String home = loaded.plugin().getClass().getPackageName() + ".";
          if (frame.getClassName().startsWith(home)) {
            return Optional.of(loaded.id());
          }
        }
      }
    }
    return Optional.empty();
  }
}
