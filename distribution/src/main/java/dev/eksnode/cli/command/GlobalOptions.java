package dev.eksnode.cli.command;

import java.util.List;

/** The options every command takes: where the node is, where configuration comes from, how to print. */
public final class GlobalOptions {

  public static final Option ROOT = Option.value("--root", "DIR",
      "operate on DIR instead of / (commands and service actions are then recorded, not executed)");
  public static final Option PLUGINS_DIR = Option.value("--plugins-dir", "DIR",
      "third-party plugin jars (default: /opt/eksnode/plugins under --root)");
  public static final Option CONFIG = Option.repeatable("--config", "FILE",
      "extra configuration, read after every other source; repeatable");
  public static final Option CONFIG_SOURCE = Option.repeatable("--config-source", "URI",
      "read configuration from URI instead of the default list; repeatable (imds://user-data, file:///path to a file"
          + " or a directory of *.toml)");
  public static final Option STRICT = Option.flag("--strict", "unknown keys in a nodeadm NodeConfig are errors, not warnings");
  public static final Option LENIENT = Option.flag("--lenient", "unknown keys in eksnode TOML are warnings, not errors");
  public static final Option OUTPUT = Option.value("--output", "text|json", "output format (default text)");
  public static final Option DEBUG = Option.flag("--debug",
      "debug logging to stderr (also EKSNODE_DEBUG=1), credentials left out; stack traces of internal errors");
  public static final Option HELP = Option.flag("--help", "help for eksnode or for a command").alias("-h");

  /** Every global option, in the order help lists them. */
  public static final List<Option> ALL = List.of(ROOT, PLUGINS_DIR, CONFIG, CONFIG_SOURCE, STRICT, LENIENT, OUTPUT, DEBUG, HELP);

  private GlobalOptions() {}
}
