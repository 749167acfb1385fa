package dev.eksnode.cli.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the command an argument vector names and parses its options from the command's declarations
 * ({@link Command#options()} and {@link GlobalOptions#ALL}). Options may come before, between or after
 * the command's words; {@code --} ends the options.
 *
 * <p>Built-in commands are matched first, the longest words winning; the commands plugins add are asked
 * for only when no built-in command matches, since finding them loads the plugins.
 */
public final class Parser {

  /** What an argument vector names. */
  public sealed interface Parsed {}

  /** A command and its invocation. */
  public record Found(Command command, Invocation invocation) implements Parsed {}

  /** No command word: the overview. {@code help} when {@code --help} was asked for. */
  public record NoCommand(boolean help) implements Parsed {}

  /** The words begin commands without naming one, e.g. {@code image} for {@code image build}. */
  public record Incomplete(List<String> words, List<Command> candidates, boolean help) implements Parsed {}

  /** No command has these words. */
  public record Unknown(List<String> words) implements Parsed {}

  private final List<Command> builtIn;
  private final Supplier<List<Command>> added;
  private final Map<String, Option> anyOption = new HashMap<>();

  /**
   * @param builtIn eksnode's own commands
   * @param added the commands plugins add, asked for only when no built-in command matches
   */
  public Parser(List<Command> builtIn, Supplier<List<Command>> added) {
    this.builtIn = List.copyOf(builtIn);
    this.added = added;
    GlobalOptions.ALL.forEach(this::remember);
    builtIn.forEach(command -> command.options().forEach(this::remember));
  }

  private void remember(Option option) {
    for (String name : option.names()) {
      Option known = anyOption.putIfAbsent(name, option);
      if (known != null && known.takesValue() != option.takesValue()) {
        throw new IllegalStateException("option " + name + " takes a value in one command and not in another");
      }
    }
  }

  public List<Command> builtIn() {
    return builtIn;
  }

  /**
   * Parses {@code argv}.
   *
   * @throws UsageException for an option the command does not take, a missing value, or a word the
   *     command does not expect
   */
  public Parsed parse(List<String> argv) {
    List<String> words = words(argv);
    boolean help = argv.contains("--help") || argv.contains("-h");
    if (words.isEmpty()) {
      return new NoCommand(help);
    }
    Optional<Command> command = longestMatch(builtIn, words);
    if (command.isEmpty()) {
      List<Command> beginning = builtIn.stream().filter(c -> c.words().size() > words.size()
          && c.words().subList(0, words.size()).equals(words)).toList();
      if (!beginning.isEmpty()) {
        return new Incomplete(words, beginning, help);
      }
      command = longestMatch(added.get(), words);
    }
    if (command.isEmpty()) {
      return new Unknown(words);
    }
    try {
      return new Found(command.get(), invocation(command.get(), argv));
    } catch (UsageException e) {
      throw new UsageException(e.getMessage(), command.get().name());
    }
  }

  /**
   * The global options of {@code argv}, whatever the command: what finding the commands plugins add
   * needs ({@code --root}, {@code --plugins-dir}) before the command is known.
   *
   * @throws UsageException when a global option lacks its value
   */
  public static Invocation globals(List<String> argv) {
    return invocation(GLOBALS, argv);
  }

  /** A command that takes only the global options and lets everything else through. */
  private static final Command GLOBALS = new Command() {
    @Override
    public List<String> words() {
      return List.of();
    }

    @Override
    public Help help() {
      return new Help("eksnode [global options] <command>", "", "", "eksnode demo");
    }

    @Override
    public Operands operands() {
      return Operands.ANYTHING;
    }

    @Override
    public int run(Invocation invocation, Session session) {
      throw new UnsupportedOperationException("the global options are not a command");
    }
  };

  /** The words of an argument vector: tokens that are neither options nor an option's value. */
  private List<String> words(List<String> argv) {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < argv.size(); i++) {
      String token = argv.get(i);
      if (token.equals("--")) {
        break;
      }
      if (isOption(token)) {
        Option option = anyOption.get(nameOf(token));
        if (option != null && option.takesValue() && !token.contains("=")) {
          i++;
        }
      } else {
        words.add(token);
      }
    }
    return words;
  }

  private static Optional<Command> longestMatch(List<Command> commands, List<String> words) {
    Command best = null;
    for (Command command : commands) {
      List<String> name = command.words();
      if (words.size() >= name.size() && words.subList(0, name.size()).equals(name)
          && (best == null || name.size() > best.words().size())) {
        best = command;
      }
    }
    return Optional.ofNullable(best);
  }

  private static Invocation invocation(Command command, List<String> argv) {
    Map<String, Option> declared = new HashMap<>();
    GlobalOptions.ALL.forEach(option -> option.names().forEach(name -> declared.put(name, option)));
    command.options().forEach(option -> option.names().forEach(name -> declared.put(name, option)));
    Map<String, List<String>> values = new LinkedHashMap<>();
    List<String> operands = new ArrayList<>();
    int commandWords = command.words().size();
    boolean optionsEnded = false;
    for (int i = 0; i < argv.size(); i++) {
      String token = argv.get(i);
      if (!optionsEnded && token.equals("--")) {
        optionsEnded = true;
        continue;
      }
      if (optionsEnded || !isOption(token)) {
        if (commandWords > 0 && !optionsEnded) {
          commandWords--;
        } else {
          operands.add(token);
        }
        continue;
      }
      Option option = declared.get(nameOf(token));
      if (option == null || (command.operands() == Command.Operands.ANYTHING && !GlobalOptions.ALL.contains(option))) {
        if (command.operands() == Command.Operands.ANYTHING) {
          operands.add(token);
          continue;
        }
        throw new UsageException("unknown option " + nameOf(token));
      }
      int equals = token.indexOf('=');
      String value;
      if (!option.takesValue()) {
        if (equals > 0) {
          throw new UsageException(option.name() + " takes no value");
        }
        value = "true";
      } else if (equals > 0) {
        value = token.substring(equals + 1);
      } else if (i + 1 < argv.size()) {
        value = argv.get(++i);
      } else {
        throw new UsageException(option.name() + " needs a value");
      }
      List<String> given = values.computeIfAbsent(option.name(), name -> new ArrayList<>());
      if (!option.repeatable()) {
        given.clear();
      }
      given.add(value);
    }
    if (command.operands() == Command.Operands.NONE && !operands.isEmpty()) {
      throw new UsageException("unexpected argument '" + operands.getFirst() + "'");
    }
    return new Invocation(command, values, operands);
  }

  private static boolean isOption(String token) {
    return token.startsWith("-") && !token.equals("-");
  }

  private static String nameOf(String token) {
    int equals = token.indexOf('=');
    return token.startsWith("--") && equals > 0 ? token.substring(0, equals) : token;
  }
}
