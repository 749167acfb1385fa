package dev.eksnode.cli.info;

import dev.eksnode.cli.command.Command;
import dev.eksnode.cli.command.Exit;
import dev.eksnode.cli.command.ExitCode;
import dev.eksnode.cli.command.Invocation;
import dev.eksnode.cli.command.Option;
import dev.eksnode.cli.command.Session;
import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.PluginPins;
import dev.eksnode.kernel.PluginSet;
import dev.eksnode.kernel.config.ConfigSchema;
import java.util.List;

/** {@code eksnode config schema}: every key of every installed plugin. */
public final class ConfigSchemaCommand implements Command {

  static final Option FORMAT = Option.value("--format", "json|markdown", "JSON Schema (default) or the key table as Markdown");

  @Override
  public List<String> words() {
    return List.of("config", "schema");
  }

  @Override
  public List<Option> options() {
    return List.of(FORMAT);
  }

  @Override
  public Help help() {
    return new Help(
        "eksnode config schema [--format json|markdown]",
        "Print the JSON Schema of eksnode's TOML configuration (or its key table as Markdown).",
        """
        Every key of every installed plugin with its type, default, allowed values, example and
        description: the same description the checks, the built-in defaults and
        docs/configuration.md come from. Point an editor's TOML language server at it.""",
        "eksnode config schema > eksnode.schema.json");
  }

  @Override
  public int run(Invocation invocation, Session session) {
    String format = invocation.choice(FORMAT, List.of("json", "markdown"), "json");
    PluginSet plugins = Kernel.discover(invocation.pluginsDirectory(), PluginPins.read(invocation.root()));
    if (!plugins.problems().isEmpty()) {
      session.printPluginProblems(plugins.problems());
      throw new Exit(ExitCode.PLUGIN_PROBLEM);
    }
    if (format.equals("json")) {
      session.printJson(ConfigSchema.jsonSchema(Kernel.schemaKeys(plugins)));
    } else {
      session.out().print(ConfigSchema.markdown(Kernel.schemaKeys(plugins)));
    }
    return ExitCode.OK;
  }
}
