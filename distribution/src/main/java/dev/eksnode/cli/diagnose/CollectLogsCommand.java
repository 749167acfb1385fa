package dev.eksnode.cli.diagnose;

import dev.eksnode.cli.command.Command;
import dev.eksnode.cli.command.ExitCode;
import dev.eksnode.cli.command.Invocation;
import dev.eksnode.cli.command.Option;
import dev.eksnode.cli.command.Session;
import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.RunOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code eksnode collect-logs}: one bounded, redacted archive for a ticket. */
public final class CollectLogsCommand implements Command {

  /** Shadows the global {@code --output text|json}: text and json still choose the format, anything else is the file. */
  static final Option OUTPUT = Option.repeatable("--output", "FILE",
      "where to write the archive; text or json choose the output format, as everywhere (both may be given)");

  @Override
  public List<String> words() {
    return List.of("collect-logs");
  }

  @Override
  public List<Option> options() {
    return List.of(OUTPUT);
  }

  @Override
  public Help help() {
    return new Help(
        "eksnode collect-logs [--output FILE]",
        "Bundle what explains a node's state into one tar.gz: reports, configs (redacted), journals, summaries.",
        """
        Collects eksnode's run reports, every file the last runs manage plus the main configuration files
        (credentials in URLs, private keys, tokens and passwords redacted), the versions manifest, and on a
        live node the kubelet, containerd and eksnode-bootstrap journals (when journalctl exists) and a
        network and disk summary. index.txt lists every entry, its source and anything truncated or left
        out. Each file is limited to 2 MiB and the bundle to 32 MiB. The archive is written with mode 0600
        to FILE (default eksnode-logs-<time>.tar.gz in the current directory).""",
        "eksnode collect-logs --output /tmp/node-logs.tar.gz");
  }

  @Override
  public int run(Invocation invocation, Session session) {
    boolean json = false;
    Optional<Path> file = Optional.empty();
    for (String value : invocation.all(OUTPUT)) {
      switch (value) {
        case "text" -> json = false;
        case "json" -> json = true;
        default -> file = Optional.of(Invocation.path(OUTPUT.name(), value));
      }
    }
    Instant now = Instant.now();
    Path target = file.orElse(Path.of("eksnode-logs-"
        + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(now) + ".tar.gz"));
    RunOptions options = new RunOptions(invocation.root(), false, session.environment(), Clock.systemUTC());
    List<LogBundle.Entry> index;
    try {
      Files.deleteIfExists(target);
      Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (OutputStream stream = Files.newOutputStream(target)) {
        index = LogBundle.write(Kernel.host(options), stream, now.getEpochSecond());
      }
    } catch (IOException e) {
      session.err().println("eksnode: cannot write " + target + ": " + e.getMessage());
      return ExitCode.BAD_INPUT;
    }
    if (json) {
      session.printJson(Map.of("bundle", target.toString(), "entries", index));
    } else {
      long kept = index.stream().filter(e -> e.size() > 0).count();
      session.out().println("wrote " + target + ": " + kept + " files (see index.txt inside)");
      index.stream().filter(e -> !e.note().isEmpty()).forEach(e -> session.out().println("  " + e.name() + ": " + e.note()));
    }
    return ExitCode.OK;
  }
}
