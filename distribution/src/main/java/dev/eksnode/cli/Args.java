package dev.eksnode.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parsed command line: global flags, the command words, and the command's own flags.
 *
 * <p>Hand-written rather than a CLI library: eksnode has a dozen flags, and every millisecond of
 * start-up is on the node's boot path.
 */
final class Args {

  /** Bad usage; exit code 2. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  Path root = Path.of("/");
  Optional<Path> pluginsDir = Optional.empty();
  final List<Path> configFiles = new ArrayList<>();
  /** {@code --config-source} values in order; when any is given they replace the default source list. */
  final List<String> configSources = new ArrayList<>();
  boolean strict;
  boolean lenient;
  boolean debug;
  boolean json;
  boolean help;
  final List<String> words = new ArrayList<>();
  /** Every token that is not a known option, in order: what a plugin command gets. */
  final List<String> rest = new ArrayList<>();
  /** Options no built-in command knows; an error unless a plugin command takes them. */
  final List<String> unknownOptions = new ArrayList<>();
  // command flags
  Optional<String> phase = Optional.empty();
  Optional<String> format = Optional.empty();
  boolean keep;
  Optional<Path> report = Optional.empty();
  Optional<Path> svg = Optional.empty();
  /** {@code --output FILE} of collect-logs; any other command only takes text or json. */
  Optional<Path> outputFile = Optional.empty();
  boolean explain;

  static Args parse(String[] argv) {
    Args args = new Args();
    for (int i = 0; i < argv.length; i++) {
      String arg = argv[i];
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      switch (arg) {
        case "-h", "--help" -> args.help = true;
        case "--debug" -> args.debug = true;
        case "--keep" -> args.keep = true;
        case "--explain" -> args.explain = true;
        case "--strict" -> args.strict = true;
        case "--lenient" -> args.lenient = true;
        case "--config-source" -> args.configSources.add(value != null ? value : next(argv, ++i, arg));
        case "--root" -> args.root = Path.of(value != null ? value : next(argv, ++i, arg));
        case "--plugins-dir" -> args.pluginsDir = Optional.of(Path.of(value != null ? value : next(argv, ++i, arg)));
        case "--config" -> args.configFiles.add(Path.of(value != null ? value : next(argv, ++i, arg)));
        case "--output" -> {
          String output = value != null ? value : next(argv, ++i, arg);
          switch (output) {
            case "text" -> args.json = false;
            case "json" -> args.json = true;
            default -> args.outputFile = Optional.of(Path.of(output));
          }
        }
        case "--phase" -> {
          String phase = value != null ? value : next(argv, ++i, arg);
          if (!phase.equals("boot") && !phase.equals("image")) {
            throw new UsageException("--phase takes boot or image, not '" + phase + "'");
          }
          args.phase = Optional.of(phase);
        }
        case "--report" -> args.report = Optional.of(Path.of(value != null ? value : next(argv, ++i, arg)));
        case "--svg" -> args.svg = Optional.of(Path.of(value != null ? value : next(argv, ++i, arg)));
        case "--format" -> args.format = Optional.of(value != null ? value : next(argv, ++i, arg));
        default -> {
          args.rest.add(argv[i]);
          if (arg.startsWith("-") && !arg.equals("-")) {
            args.unknownOptions.add(arg);
          } else {
            args.words.add(arg);
          }
        }
      }
    }
    if (args.strict && args.lenient) {
      throw new UsageException("--strict and --lenient contradict each other; give one");
    }
    return args;
  }

  private static String next(String[] argv, int i, String flag) {
    if (i >= argv.length) {
      throw new UsageException(flag + " needs a value");
    }
    return argv[i];
  }

  String command() {
    return words.isEmpty() ? "" : words.getFirst();
  }
}
