package dev.eksnode.cli.command;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.config.ConfigPolicy;
import dev.eksnode.spi.Phase;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one command line said, parsed against the command's declarations: the values of every option
 * given, keyed by the option's first name, and the operands after the command's words. The global
 * options have typed accessors.
 *
 * @param command the command named
 * @param values each option given, by its first name, with its values in order ({@code "true"} for a flag)
 * @param operands the words after the command's (for {@link Command.Operands#ANYTHING}, every token that is
 *     not a global option)
 */
public record Invocation(Command command, Map<String, List<String>> values, List<String> operands) {

  public Invocation {
    values = Map.copyOf(values);
    operands = List.copyOf(operands);
  }

  public boolean has(Option option) {
    return values.containsKey(option.name());
  }

  /** The value given last, if any. */
  public Optional<String> value(Option option) {
    return Optional.ofNullable(values.get(option.name())).map(List::getLast);
  }

  /** Every value given, in order. */
  public List<String> all(Option option) {
    return values.getOrDefault(option.name(), List.of());
  }

  /** The last value as a path. */
  public Optional<Path> path(Option option) {
    return value(option).map(text -> path(option, text));
  }

  /** Every value as a path, in order. */
  public List<Path> paths(Option option) {
    return all(option).stream().map(text -> path(option, text)).toList();
  }

  private static Path path(Option option, String text) {
    return path(option.name(), text);
  }

  /** {@code text} as a path; a string no path can be is a usage mistake naming {@code what} (an option, FILE). */
  public static Path path(String what, String text) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new UsageException(what + ": '" + text + "' is not a path: " + e.getReason());
    }
  }

  /** {@code --root}, {@code /} when not given. */
  public Path root() {
    return path(GlobalOptions.ROOT).orElse(Path.of("/"));
  }

  /** {@code --plugins-dir}, else the default plugins directory under the root. */
  public Path pluginsDirectory() {
    return path(GlobalOptions.PLUGINS_DIR)
        .orElseGet(() -> root().resolve(Kernel.DEFAULT_PLUGINS_DIRECTORY.toString().substring(1)));
  }

  /** The {@code --config} files, in order. */
  public List<Path> configFiles() {
    return paths(GlobalOptions.CONFIG);
  }

  /** The {@code --config-source} values, in order; empty for the default list. */
  public List<String> configSources() {
    return all(GlobalOptions.CONFIG_SOURCE);
  }

  /** {@code --strict} and {@code --lenient}, which contradict each other. */
  public ConfigPolicy policy() {
    boolean strict = has(GlobalOptions.STRICT);
    boolean lenient = has(GlobalOptions.LENIENT);
    if (strict && lenient) {
      throw new UsageException("--strict and --lenient contradict each other; give one");
    }
    return new ConfigPolicy(strict, lenient);
  }

  /** Whether {@code --output json} was given; {@code --output} takes text or json. */
  public boolean json() {
    return switch (value(GlobalOptions.OUTPUT).orElse("text")) {
      case "text" -> false;
      case "json" -> true;
      default -> throw new UsageException("--output takes text or json, not '" + value(GlobalOptions.OUTPUT).get() + "'");
    };
  }

  public boolean debug() {
    return has(GlobalOptions.DEBUG);
  }

  public boolean help() {
    return has(GlobalOptions.HELP);
  }

  /** The phase an option names ({@code boot} or {@code image}), {@code fallback} when not given. */
  public Phase phase(Option option, Phase fallback) {
    return value(option).map(text -> switch (text) {
      case "boot" -> Phase.BOOT;
      case "image" -> Phase.IMAGE;
      default -> throw new UsageException(option.name() + " takes boot or image, not '" + text + "'");
    }).orElse(fallback);
  }

  /** The value of an option that takes one of {@code choices}, {@code fallback} when not given. */
  public String choice(Option option, List<String> choices, String fallback) {
    String value = value(option).orElse(fallback);
    if (!choices.contains(value)) {
      String listed = choices.size() == 1 ? choices.getFirst()
          : String.join(", ", choices.subList(0, choices.size() - 1)) + " or " + choices.getLast();
      throw new UsageException(option.name() + " takes " + listed + ", not '" + value + "'");
    }
    return value;
  }
}
