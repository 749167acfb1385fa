package dev.eksnode.cli.command;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An option as a command declares it: its names ({@code --root}, or {@code -h} and {@code --help}), the
 * label of its value when it takes one ({@code DIR}), whether it may be given more than once, and one
 * line for help. A value is given as {@code --name VALUE} or {@code --name=VALUE}.
 *
 * @param names the first is the one help shows and {@link Invocation} keys values by
 * @param valueLabel empty for a flag
 */
public record Option(List<String> names, Optional<String> valueLabel, boolean repeatable, String description) {

  public Option {
    names = List.copyOf(names);
    if (names.isEmpty() || names.stream().anyMatch(name -> !name.matches("--?[a-z][a-z-]*"))) {
      throw new IllegalArgumentException("option names are -x or --kebab-case: " + names);
    }
    Objects.requireNonNull(valueLabel, "valueLabel");
    Objects.requireNonNull(description, "description");
  }

  /** An option without a value: given or not. */
  public static Option flag(String name, String description) {
    return new Option(List.of(name), Optional.empty(), false, description);
  }

  /** An option with one value; the last one given wins. */
  public static Option value(String name, String label, String description) {
    return new Option(List.of(name), Optional.of(label), false, description);
  }

  /** An option with a value that may be given many times, every value kept in order. */
  public static Option repeatable(String name, String label, String description) {
    return new Option(List.of(name), Optional.of(label), true, description);
  }

  /** This option also answering to {@code alias}, e.g. {@code -h}. */
  public Option alias(String alias) {
    return new Option(java.util.stream.Stream.concat(names.stream(), java.util.stream.Stream.of(alias)).toList(),
        valueLabel, repeatable, description);
  }

  public String name() {
    return names.getFirst();
  }

  public boolean takesValue() {
    return valueLabel.isPresent();
  }

  /** How help shows it: {@code -h, --help} or {@code --root DIR}. */
  public String synopsis() {
    List<String> shown = names.stream().sorted((a, b) -> Integer.compare(a.length(), b.length())).toList();
    return String.join(", ", shown) + valueLabel.map(label -> " " + label).orElse("");
  }
}
