package dev.eksnode.cli.command;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.LoadedPlugin;
import dev.eksnode.kernel.PluginPins;
import dev.eksnode.kernel.RunOptions;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.PluginCommand;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A command a plugin adds ({@link PluginCommand}, e.g. {@code compliance report}): it gets every token
 * that is not a global option and parses them itself, and runs against the host of the root.
 *
 * @param plugin the id of the plugin that adds it, for messages
 */
public record AddedCommand(PluginCommand command, String plugin) implements Command {

  /**
   * The commands the plugins under {@code root} add, sorted by name. A jar that does not load adds none.
   *
   * @throws ConfigException when the image configuration, which holds the jars' pins, cannot be read
   */
  public static List<Command> find(Path root, Path pluginsDirectory) {
    List<Command> commands = new ArrayList<>();
    for (LoadedPlugin loaded : Kernel.discover(pluginsDirectory, PluginPins.read(root)).plugins()) {
      loaded.plugin().commands().forEach(command -> commands.add(new AddedCommand(command, loaded.id())));
    }
    commands.sort(Comparator.comparing(Command::name));
    return commands;
  }

  @Override
  public List<String> words() {
    return List.of(command.name().split(" "));
  }

  /** The plugin's help; its last line, when it is {@code Example: ...}, is the example. */
  @Override
  public Help help() {
    String text = command.help().strip();
    int last = text.lastIndexOf('\n');
    String lastLine = text.substring(last + 1).strip();
    if (lastLine.startsWith("Example: ")) {
      return new Help(command.usage(), command.summary(), last < 0 ? "" : text.substring(0, last).strip(),
          lastLine.substring("Example: ".length()));
    }
    return new Help(command.usage(), command.summary(), text, command.usage());
  }

  @Override
  public Operands operands() {
    return Operands.ANYTHING;
  }

  @Override
  public int run(Invocation invocation, Session session) {
    RunOptions options = new RunOptions(invocation.root(), false, session.environment(), Clock.systemUTC());
    PluginCommand.Result result = command.run(invocation.operands(), Kernel.host(options));
    if (invocation.json()) {
      session.printJson(result.json());
    } else {
      String text = result.text();
      session.out().print(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
    }
    return result.exitCode();
  }
}
