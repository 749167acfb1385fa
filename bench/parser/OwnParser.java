import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JVM start plus eksnode's command model parsed by a small declarative parser (the shape of
 * dev.eksnode.cli.command.Parser): 13 commands, 9 global options and 6 options each, options declared
 * as values, one pass to find the command's words, one to read the options. Prints what it found.
 */
public class OwnParser {

  record Opt(String name, String label) {}

  record Cmd(List<String> words, List<Opt> options) {}

  static final List<Opt> GLOBAL = List.of(new Opt("--root", "DIR"), new Opt("--plugins-dir", "DIR"),
      new Opt("--config", "FILE"), new Opt("--config-source", "URI"), new Opt("--strict", null),
      new Opt("--lenient", null), new Opt("--output", "FORMAT"), new Opt("--debug", null), new Opt("--help", null));

  public static void main(String[] args) {
    List<Cmd> commands = new ArrayList<>();
    for (String name : new String[] {"bootstrap", "image build", "plan", "validate", "config schema", "plugins", "graph",
        "analyze", "verify-node", "collect-logs", "version", "demo", "help"}) {
      commands.add(new Cmd(List.of(name.split(" ")), List.of(new Opt("--phase", "PHASE"), new Opt("--format", "FORMAT"),
          new Opt("--explain", null), new Opt("--report", "FILE"), new Opt("--svg", "FILE"), new Opt("--keep", null))));
    }
    List<Opt> all = new ArrayList<>(GLOBAL);
    commands.forEach(c -> all.addAll(c.options()));
    List<String> words = new ArrayList<>();
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      Opt found = null;
      for (Opt option : all) {
        if (option.name().equals(arg)) {
          found = option;
          break;
        }
      }
      if (found == null) {
        words.add(arg);
        continue;
      }
      if (found.label() != null && value == null) {
        value = args[++i];
      }
      values.computeIfAbsent(found.name(), k -> new ArrayList<>()).add(value == null ? "true" : value);
    }
    Cmd command = null;
    for (Cmd candidate : commands) {
      if (words.size() >= candidate.words().size() && words.subList(0, candidate.words().size()).equals(candidate.words())) {
        command = candidate;
        break;
      }
    }
    System.out.println((command == null ? "?" : String.join(" ", command.words())) + " " + values);
  }
}
