package dev.eksnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.cli.command.Command;
import dev.eksnode.cli.command.GlobalOptions;
import dev.eksnode.cli.command.HelpText;
import dev.eksnode.cli.command.Invocation;
import dev.eksnode.cli.command.Option;
import dev.eksnode.cli.command.Parser;
import dev.eksnode.cli.command.Session;
import dev.eksnode.cli.command.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link Parser}: commands found by their words, options parsed from each command's declarations. */
class ParserTest {

  private static final List<Command> BUILT_IN = Cli.builtIn(List::of);

  /** A plugin's command: takes anything. */
  private static final Command ADDED = new Command() {
    @Override
    public List<String> words() {
      return List.of("compliance", "report");
    }

    @Override
    public Help help() {
      return new Help("eksnode compliance report [--profile P]", "Check the node.", "", "eksnode compliance report");
    }

    @Override
    public Operands operands() {
      return Operands.ANYTHING;
    }

    @Override
    public int run(Invocation invocation, Session session) {
      return 0;
    }
  };

  private final List<String> askedForAdded = new ArrayList<>();
  private final Parser parser = new Parser(BUILT_IN, () -> {
    askedForAdded.add("asked");
    return List.of(ADDED);
  });

  private Parser.Found found(String... argv) {
    return assertInstanceOf(Parser.Found.class, parser.parse(List.of(argv)));
  }

  @Test
  void findsACommandOfTwoWordsWithOptionsBeforeBetweenAndAfterThem() {
    Parser.Found found = found("--root", "/r", "image", "--config", "a.toml", "build", "--config=b.toml");

    assertEquals("image build", found.command().name());
    assertEquals(Path.of("/r"), found.invocation().root());
    assertEquals(List.of(Path.of("a.toml"), Path.of("b.toml")), found.invocation().configFiles());
    assertEquals(List.of(), askedForAdded, "a built-in command does not load the plugins");
  }

  @Test
  void theLastValueOfAnOptionThatIsNotRepeatableWins() {
    assertEquals(Path.of("/second"), found("version", "--root", "/first", "--root=/second").invocation().root());
  }

  @Test
  void refusesAnOptionTheCommandDoesNotDeclareNamingTheCommand() {
    UsageException e = assertThrows(UsageException.class, () -> parser.parse(List.of("bootstrap", "--keep")));

    assertEquals("unknown option --keep", e.getMessage());
    assertEquals("bootstrap", e.command().orElseThrow());
  }

  @Test
  void refusesAValueForAFlagAndAMissingValue() {
    assertEquals("--keep takes no value",
        assertThrows(UsageException.class, () -> parser.parse(List.of("demo", "--keep=yes"))).getMessage());
    assertEquals("--phase needs a value",
        assertThrows(UsageException.class, () -> parser.parse(List.of("plan", "--phase"))).getMessage());
  }

  @Test
  void refusesAWordACommandDoesNotTake() {
    assertEquals("unexpected argument 'now'",
        assertThrows(UsageException.class, () -> parser.parse(List.of("bootstrap", "now"))).getMessage());
  }

  @Test
  void givesValidateItsFilesAndEverythingAfterTheDoubleDash() {
    Parser.Found found = found("validate", "a.toml", "-", "--", "--odd-name.toml");

    assertEquals(List.of("a.toml", "-", "--odd-name.toml"), found.invocation().operands());
  }

  @Test
  void namesTheCommandsThatBeginWithAnIncompleteName() {
    Parser.Incomplete incomplete = assertInstanceOf(Parser.Incomplete.class, parser.parse(List.of("config")));

    assertEquals(List.of("config schema"), incomplete.candidates().stream().map(Command::name).toList());
  }

  @Test
  void asksForThePluginsCommandsOnlyWhenNoBuiltInMatchesAndPassesThemEveryOtherToken() {
    Parser.Found found = found("compliance", "--root", "/r", "report", "--profile", "cis-level2", "--output", "json");

    assertEquals(List.of("asked"), askedForAdded);
    assertEquals(ADDED, found.command());
    assertEquals(List.of("--profile", "cis-level2"), found.invocation().operands());
    assertEquals(Path.of("/r"), found.invocation().root());
    assertTrue(found.invocation().json());
    assertInstanceOf(Parser.Unknown.class, parser.parse(List.of("bogus")));
  }

  @Test
  void refusesOneOptionNameTakingAValueInOneCommandAndNotInAnother() {
    Command odd = new Command() {
      @Override
      public List<String> words() {
        return List.of("odd");
      }

      @Override
      public Help help() {
        return new Help("eksnode odd", "Odd.", "", "eksnode odd");
      }

      @Override
      public List<Option> options() {
        return List.of(Option.flag("--phase", "a flag here, a value elsewhere"));
      }

      @Override
      public int run(Invocation invocation, Session session) {
        return 0;
      }
    };
    List<Command> commands = new ArrayList<>(BUILT_IN);
    commands.add(odd);

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Parser(commands, List::of));
    assertEquals("option --phase takes a value in one command and not in another", e.getMessage());
  }

  @Test
  void everyBuiltInCommandsUsageLineShowsEachOptionItDeclaresAndItsHelpListsThem() {
    Pattern shown = Pattern.compile("(--[a-z-]+)");
    for (Command command : BUILT_IN) {
      List<String> inUsage = new ArrayList<>();
      Matcher matcher = shown.matcher(command.help().usage());
      while (matcher.find()) {
        inUsage.add(matcher.group(1));
      }
      String help = HelpText.of(command);
      for (Option option : command.options()) {
        assertTrue(inUsage.contains(option.name()), command.name() + "'s usage line lacks " + option.name());
        assertTrue(help.contains("\n  " + option.synopsis() + " "), command.name() + "'s help does not list " + option.synopsis());
      }
      for (String name : inUsage) {
        assertTrue(command.options().stream().anyMatch(o -> o.names().contains(name))
                || GlobalOptions.ALL.stream().anyMatch(o -> o.names().contains(name)),
            command.name() + "'s usage line shows " + name + ", which it does not declare");
      }
      assertTrue(command.help().example().startsWith("eksnode ") || command.help().example().contains("| eksnode "),
          command.name() + "'s example is not an eksnode command line");
    }
  }
}
