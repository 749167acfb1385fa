package dev.eksnode.plugins.core;

import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.StepRecord;
import dev.eksnode.tck.BaseRoots;
import dev.eksnode.tck.Snapshots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads the core plugin's conformance cases ({@code src/test/tck/cases}, checked by {@link
 * CoreConformanceTest}) for the tests that look at what they expect: the values FACTS.md states, the
 * real containerd and systemd, the MIME twin. The kit's golden rule proves a fresh run changes exactly
 * what {@code expected/} records; these tests prove what it records is right.
 */
public final class CoreCases {

  static final Path CASES = Path.of("src/test/tck/cases");

  /** The clock the kit fixes every run at, for tests that run the join themselves. */
  public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private CoreCases() {}

  /** A file's content and permission bits. */
  record FileState(byte[] content, int mode) {
    String text() {
      return new String(content, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof FileState that && Arrays.equals(content, that.content) && mode == that.mode;
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(content) * 31 + mode;
    }

    @Override
    public String toString() {
      return String.format("%04o ", mode) + text();
    }
  }

  /** Every case directory, sorted by name. */
  static List<Path> all() throws IOException {
    try (Stream<Path> entries = Files.list(CASES)) {
      return entries.filter(Files::isDirectory).sorted().toList();
    }
  }

  /**
   * The files of the root a case's snapshot expects (its starting root with what {@code expected/}
   * records applied) by node path ({@code /etc/hosts}), with their modes; directories are left out.
   */
  static Map<String, FileState> expectedFiles(Path caseDirectory) throws IOException {
    Path root = Files.createTempDirectory("eksnode-expected-");
    try {
      Snapshots.seedExpected(caseDirectory, BaseRoots.shipped(), root);
      Map<String, FileState> files = new TreeMap<>();
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path file : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
          int mode = 0;
          for (PosixFilePermission permission : Files.getPosixFilePermissions(file)) {
            mode |= 1 << (8 - permission.ordinal());
          }
          files.put("/" + root.relativize(file), new FileState(Files.readAllBytes(file), mode));
        }
      }
      return files;
    } finally {
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
          path.toFile().setWritable(true);
          Files.delete(path);
        }
      }
    }
  }

  static Map<String, FileState> expectedFiles(String name) throws IOException {
    return expectedFiles(CASES.resolve(name));
  }

  /** {@code expected-aws-calls.txt} as {@code ec2 <Action> -> count}; no file means no calls. */
  static Map<String, Integer> expectedAwsCalls(String name) throws IOException {
    Map<String, Integer> calls = new TreeMap<>();
    for (String line : lines(CASES.resolve(name).resolve("expected-aws-calls.txt"))) {
      int space = line.lastIndexOf(' ');
      calls.put(line.substring(0, space), Integer.parseInt(line.substring(space + 1)));
    }
    return calls;
  }

  /** The lines of a text file but blank lines and {@code #} comments; none when it does not exist. */
  static List<String> lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file).stream().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
  }

  /** The steps of a run that did not end as one of {@code outcomes}, as {@code id: outcome (detail)}. */
  static List<String> stepsNot(RunReport report, Set<String> outcomes) {
    List<String> others = new ArrayList<>();
    for (StepRecord step : report.steps()) {
      if (!outcomes.contains(step.outcome())) {
        others.add(step.id() + ": " + step.outcome() + (step.detail().isEmpty() ? "" : " (" + step.detail() + ")")
            + (step.changes().isEmpty() ? "" : " " + step.changes()) + (step.actions().isEmpty() ? "" : " " + step.actions()));
      }
    }
    return others;
  }
}
