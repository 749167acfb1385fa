package dev.eksnode.plugins.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Checks every generated file of every conformance case ({@code src/test/tck/cases}) with the real
 * tools: {@code containerd config dump} must load each {@code config.toml} and keep every value
 * eksnode wrote (a key containerd does not know is dropped from the dump, so a typo fails here), and
 * {@code systemd-analyze verify} must pass every unit eksnode wrote or extended, with no output at all.
 *
 * <p>The kit's golden rule ({@link CoreConformanceTest}) proves each case's snapshot records what
 * eksnode writes; this test proves that the roots the snapshots expect (each case's starting root with
 * what {@code expected/} records applied) hold what containerd and systemd accept. Install the tools
 * with {@code .ci/install-test-tools}; without them this test fails, unless {@code
 * EKSNODE_SKIP_TOOL_TESTS=1}.
 *
 * <p>systemd-analyze runs with {@code --root} on a copy of the tree, into which the host's own units
 * ({@code /usr/lib/systemd/system}: the targets and slices every service depends on) are copied where
 * the tree has none, with the usr-merge symlinks ({@code /lib}, {@code /bin}, {@code /sbin}). The
 * tree's stand-in programs make {@code ExecStart} resolve.
 */
class GeneratedFilesIT {

  @TestFactory
  Stream<DynamicTest> containerdLoadsEveryGeneratedConfig() throws IOException {
    return CoreCases.all().stream()
        .filter(c -> expectedFiles(c).containsKey(CONTAINERD_CONFIG))
        .map(c -> DynamicTest.dynamicTest(name(c), () -> containerd(c)));
  }

  @TestFactory
  Stream<DynamicTest> systemdVerifiesEveryGeneratedUnit() throws IOException {
    return CoreCases.all().stream()
        .filter(c -> expectedFiles(c).keySet().stream().anyMatch(path -> path.startsWith("/etc/systemd/system/")))
        .map(c -> DynamicTest.dynamicTest(name(c), () -> systemd(c)));
  }

  private static final String CONTAINERD_CONFIG = "/etc/containerd/config.toml";

  private static Map<String, CoreCases.FileState> expectedFiles(Path caseDirectory) {
    try {
      return CoreCases.expectedFiles(caseDirectory);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String name(Path caseDirectory) {
    return caseDirectory.getFileName().toString();
  }

  private static void containerd(Path snapshot) throws IOException, InterruptedException {
    String containerd = tool("containerd");
    Path config = Files.createTempFile("eksnode-containerd-" + name(snapshot) + "-", ".toml");
    Files.write(config, expectedFiles(snapshot).get(CONTAINERD_CONFIG).content());
    Result dump;
    try {
      dump = execute(List.of(containerd, "--config", config.toString(), "config", "dump"));
    } finally {
      Files.delete(config);
    }
    assertEquals(0, dump.exitCode(), () -> name(snapshot) + ": containerd config dump failed:\n" + dump.stderr());
    TomlParseResult ours = Toml.parse(expectedFiles(snapshot).get(CONTAINERD_CONFIG).text());
    TomlParseResult dumped = Toml.parse(dump.stdout());
    assertTrue(!ours.hasErrors() && !dumped.hasErrors(), () -> name(snapshot) + ": unparseable TOML: " + ours.errors() + dumped.errors());
    List<String> lost = new ArrayList<>();
    compare("", ours, dumped, lost);
    assertTrue(lost.isEmpty(), () -> name(snapshot) + ": containerd dropped or changed these keys of the generated config:\n  "
        + String.join("\n  ", lost));
  }

  /** Every leaf of {@code ours} must be in {@code dumped} with the same value. */
  private static void compare(String prefix, TomlTable ours, TomlTable dumped, List<String> lost) {
    for (String key : ours.keySet()) {
      List<String> path = List.of(key);
      String name = prefix.isEmpty() ? key : prefix + "." + key;
      Object mine = ours.get(path);
      Object theirs = dumped == null ? null : dumped.get(path);
      if (mine instanceof TomlTable table) {
        compare(name, table, theirs instanceof TomlTable t ? t : null, lost);
      } else if (!plain(mine).equals(plain(theirs))) {
        lost.add(name + " = " + plain(mine) + " (dump: " + plain(theirs) + ")");
      }
    }
  }

  private static Object plain(Object value) {
    if (value instanceof TomlArray array) {
      return array.toList().stream().map(GeneratedFilesIT::plain).toList();
    }
    if (value instanceof TomlTable table) {
      return table.toMap();
    }
    return String.valueOf(value);
  }

  private static void systemd(Path snapshot) throws IOException, InterruptedException {
    String analyze = tool("systemd-analyze");
    Path root = Files.createTempDirectory("eksnode-verify-" + name(snapshot) + "-");
    try {
      Map<String, CoreCases.FileState> files = CoreCases.expectedFiles(snapshot);
      for (Map.Entry<String, CoreCases.FileState> file : files.entrySet()) {
        Path target = root.resolve(file.getKey().substring(1));
        Files.createDirectories(target.getParent());
        Files.write(target, file.getValue().content());
        Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString(rwx(file.getValue().mode())));
      }
      provideHostUnits(root);
      TreeSet<String> units = new TreeSet<>();
      for (String path : files.keySet()) {
        if (path.startsWith("/etc/systemd/system/")) {
          String rest = path.substring("/etc/systemd/system/".length());
          String unit = rest.contains("/") ? rest.substring(0, rest.indexOf('/')).replaceFirst("\\.d$", "") : rest;
          if (unit.matches(".+\\.(service|slice|socket|target|mount|timer)")) {
            units.add(unit);
          }
        }
      }
      assertTrue(units.contains("kubelet.service"), () -> name(snapshot) + ": no kubelet unit among " + units);
      List<String> command = new ArrayList<>(List.of(analyze, "verify", "--root=" + root, "--man=no"));
      command.addAll(units);
      Result result = execute(command);
      String output = (result.stdout() + result.stderr()).strip();
      if (result.exitCode() != 0 || !output.isEmpty()) {
        fail(name(snapshot) + ": systemd-analyze verify " + units + " exited " + result.exitCode() + ":\n" + output);
      }
    } finally {
      deleteTree(root);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** The host's unit files where the tree has none, and the usr-merge links its units' paths go through. */
  private static void provideHostUnits(Path root) throws IOException {
    for (String link : List.of("lib", "bin", "sbin")) {
      if (!Files.exists(root.resolve(link), LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(root.resolve(link), Path.of("usr/" + link));
      }
    }
    Path hostUnits = Path.of("/usr/lib/systemd/system");
    Path units = root.resolve("usr/lib/systemd/system");
    Files.createDirectories(units);
    try (Stream<Path> entries = Files.list(hostUnits)) {
      for (Path entry : entries.toList()) {
        Path target = units.resolve(entry.getFileName().toString());
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            copyTree(entry, target);
          } else {
            Files.copy(entry, target, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
    }
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path path : walk.toList()) {
        Path destination = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(path, destination, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static String rwx(int mode) {
    StringBuilder text = new StringBuilder();
    String letters = "rwxrwxrwx";
    for (int bit = 8; bit >= 0; bit--) {
      text.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
    }
    return text.toString();
  }

  /** The tool's path; fails with instructions when it is missing, unless tool tests are switched off. */
  private static String tool(String name) {
    Assumptions.assumeFalse("1".equals(System.getenv("EKSNODE_SKIP_TOOL_TESTS")), "EKSNODE_SKIP_TOOL_TESTS=1");
    Optional<Path> found =
        Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin").split(":"))
            .map(dir -> Path.of(dir, name))
            .filter(Files::isExecutable)
            .findFirst();
    if (found.isEmpty()) {
      fail(name + " is not installed: run .ci/install-test-tools (or set EKSNODE_SKIP_TOOL_TESTS=1 to skip the real-tool checks)");
    }
    return found.get().toString();
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  private static Result execute(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("eksnode-tool-", ".out");
    Path err = Files.createTempFile("eksnode-tool-", ".err");
    try {
      Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("timed out: " + command);
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
