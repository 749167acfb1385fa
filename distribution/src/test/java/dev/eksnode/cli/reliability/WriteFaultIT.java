package dev.eksnode.cli.reliability;

import static dev.eksnode.cli.reliability.CrashConsistencyIT.TEMP_SUFFIX;
import static dev.eksnode.cli.reliability.CrashConsistencyIT.copyTree;
import static dev.eksnode.cli.reliability.CrashConsistencyIT.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.tck.emulator.MetadataEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real write failures under the packaged CLI's boot phase: "Permission denied" and "No space left on
 * device" raised by the kernel itself, not simulated. For each fault the run exits 1 with a message
 * naming the node path and the operating system's error, every file of the faulty directory is
 * byte-identical to what it was, no temporary file is left anywhere, and a rerun once the fault
 * clears leaves exactly the clean run's files and modes. The table in docs/reliability.md is this
 * test's output.
 *
 * <p>How the faults are made. Permission denied: as root (which ignores modes) the CLI runs as
 * {@code nobody} ({@code setpriv}) over a root it owns except the faulty directory, which stays
 * root's; as another user the faulty directory is made read-only. No space: the faulty directory is
 * a full 1 MiB tmpfs mounted in a private user and mount namespace ({@code unshare -Urm}), holding
 * the directory's old files; the CLI runs inside it, and what the tmpfs holds afterwards is copied
 * out for the checks (the mount goes with the namespace). Where user namespaces are not allowed the
 * permission faults still run and must pass, and then the test is aborted (skipped) rather than passed,
 * before it checks the table.
 */
class WriteFaultIT {

  private static final int NOBODY = 65534;
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  enum Kind { PERMISSION_DENIED, NO_SPACE }

  /**
   * One fault.
   *
   * @param name the table's first column
   * @param kind which error
   * @param upgrade whether the run boots the labels configuration over the demo's clean root (so the
   *     faulty directory holds a file the run wants to replace), else the demo on a fresh root
   * @param directory the node directory whose writes fail; {@code /} for the whole root
   */
  record Fault(String name, Kind kind, boolean upgrade, String directory) {
    String error() {
      return kind == Kind.PERMISSION_DENIED ? "Permission denied" : "No space left on device";
    }
  }

  static final List<Fault> FAULTS = List.of(
      new Fault("permission denied, the very first write (the whole root read-only)", Kind.PERMISSION_DENIED, false, "/"),
      new Fault("permission denied, a new file in the middle of the run", Kind.PERMISSION_DENIED, false, "/etc/containerd"),
      new Fault("permission denied, replacing a file with other content", Kind.PERMISSION_DENIED, true,
          "/etc/systemd/system/kubelet.service.d"),
      new Fault("no space left, a new file in the middle of the run", Kind.NO_SPACE, false, "/etc/kubernetes/kubelet"),
      new Fault("no space left, replacing a file with other content", Kind.NO_SPACE, true,
          "/etc/systemd/system/kubelet.service.d"));

  private static final Pattern STEP_FAILURE =
      Pattern.compile("(?m)^failed +(\\S+) +\\d+ ms +\\((cannot write (/\\S+): [^\\n]*)\\)$");

  private record Run(int code, String output) {}

  private static Run run(List<String> command, Map<String, String> environment) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Path output = Files.createTempFile("eksnode-write-fault-", ".out");
    try {
      Process process = builder.redirectOutput(output.toFile()).start();
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not end in 180 s:\n" + Files.readString(output));
      }
      return new Run(process.exitValue(), Files.readString(output));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static String eksnode() {
    return Path.of(System.getProperty("eksnode.home", "target/eksnode"), "bin", "eksnode").toAbsolutePath().toString();
  }

  private static List<String> bootstrap(Path root) {
    return List.of(eksnode(), "bootstrap", "--root", root.toString());
  }

  /** Every file and directory's mode under root, and every file's content, reports left out. */
  private static Map<String, String> modes(Path root) throws IOException {
    Map<String, String> modes = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.filter(Files::isRegularFile).toList()) {
        String name = "/" + root.relativize(path);
        if (!name.startsWith("/var/lib/eksnode/reports/")) {
          modes.put(name, PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)));
        }
      }
    }
    return modes;
  }

  private static List<String> temporaryFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(TEMP_SUFFIX)).map(p -> "/" + root.relativize(p)).toList();
    }
  }

  private static void chownTree(Path root, int uid, Path except) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.toList()) {
        if (except == null || !path.startsWith(except)) {
          Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
          Files.setAttribute(path, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
        }
      }
    }
  }

  /** Makes every directory at or below {@code top} read-only, for a run that is not root's; returns their modes before. */
  private static Map<Path, String> makeReadOnly(Path top) throws IOException {
    Map<Path, String> modes = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(top)) {
      for (Path dir : walk.filter(Files::isDirectory).toList()) {
        modes.put(dir, PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
      }
    }
    return modes;
  }

  /** Runs the boot phase over root with writes into {@code faulty} denied; returns the faulty directory's files afterwards. */
  private static Run denied(Path root, Path faulty, Map<String, String> environment) throws Exception {
    if (ROOT) {
      chownTree(root, NOBODY, faulty.equals(root) ? root : faulty);
      try {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        command.addAll(bootstrap(root));
        return run(command, environment);
      } finally {
        chownTree(root, 0, null);
      }
    }
    Map<Path, String> modes = makeReadOnly(faulty);
    try {
      return run(bootstrap(root), environment);
    } finally {
      for (Map.Entry<Path, String> dir : modes.entrySet()) {
        Files.setPosixFilePermissions(dir.getKey(), PosixFilePermissions.fromString(dir.getValue()));
      }
    }
  }

  /**
   * Runs the boot phase with {@code faulty} a full tmpfs holding its old files, and copies what the
   * tmpfs holds afterwards (the filler left out) into {@code capture}. The script takes every value as
   * a positional parameter.
   */
  private static Run full(Path root, Path faulty, Path capture, Map<String, String> environment) throws Exception {
    Path stash = Files.createTempDirectory(capture.getParent(), "stash-");
    copyTree(faulty, stash);
    Files.createDirectories(capture);
    String script = """
        set -e
        faulty=$1 stash=$2 capture=$3
        shift 3
        mount -t tmpfs -o size=1m,mode=0755 eksnode-full "$faulty"
        cp -a "$stash/." "$faulty/"
        dd if=/dev/zero of="$faulty/.filler" bs=4096 2>/dev/null || true
        set +e
        "$@"
        code=$?
        rm -f "$faulty/.filler"
        cp -a "$faulty/." "$capture/"
        exit $code
        """;
    List<String> command = new ArrayList<>(List.of("unshare", "-Urm", "sh", "-c", script, "write-fault",
        faulty.toString(), stash.toString(), capture.toString()));
    command.addAll(bootstrap(root));
    return run(command, environment);
  }

  private static Map<String, byte[]> filesUnder(Map<String, byte[]> tree, String directory) {
    Map<String, byte[]> files = new TreeMap<>();
    String prefix = directory.equals("/") ? "/" : directory + "/";
    tree.forEach((path, content) -> {
      if (path.startsWith(prefix)) {
        files.put(path, content);
      }
    });
    return files;
  }

  @Test
  void aFailedWriteNamesPathAndErrorKeepsTheOldFileAndARerunConverges(@TempDir Path work) throws Exception {
    boolean namespaces = run(List.of("unshare", "-Urm", "true"), Map.of()).code() == 0;
    List<String> skipped = new ArrayList<>();
    // The CLI may run as nobody, who must be able to reach the roots.
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> configs = CrashConsistencyIT.configurations();
    String instance = CrashConsistencyIT.resource("demo/instance.json");
    StringBuilder table = new StringBuilder(
        "| Fault | Directory | Exit | Message (step, node path, OS error) | Old files | Temp files left | Rerun |\n"
            + "|---|---|---|---|---|---|---|\n");
    List<String> problems = new ArrayList<>();
    try (MetadataEmulator imds = MetadataEmulator.start(instance)) {
      Map<String, String> environment = imds.environment();
      // The starting roots and their clean runs: the demo on a fresh root, then the labels configuration over it.
      Path freshStart = work.resolve("fresh-start");
      CrashConsistencyIT.seed(freshStart, configs.get("1-demo"));
      Path freshClean = work.resolve("fresh-clean");
      copyTree(freshStart, freshClean);
      assertEquals(0, run(bootstrap(freshClean), environment).code());
      Path upgradeStart = work.resolve("upgrade-start");
      copyTree(freshClean, upgradeStart);
      Files.writeString(upgradeStart.resolve("etc/eksnode/eksnode.toml"), configs.get("2-labels-taints-flags"));
      Path upgradeClean = work.resolve("upgrade-clean");
      copyTree(upgradeStart, upgradeClean);
      assertEquals(0, run(bootstrap(upgradeClean), environment).code());

      int index = 0;
      for (Fault fault : FAULTS) {
        index++;
        if (fault.kind() == Kind.NO_SPACE && !namespaces) {
          skipped.add(fault.name());
          continue;
        }
        Path start = fault.upgrade() ? upgradeStart : freshStart;
        Path clean = fault.upgrade() ? upgradeClean : freshClean;
        Path root = work.resolve("fault-" + index);
        copyTree(start, root);
        Path faulty = fault.directory().equals("/") ? root : root.resolve(fault.directory().substring(1));
        Files.createDirectories(faulty);
        Map<String, byte[]> before = tree(root, false);
        Map<String, byte[]> expected = tree(clean, false);
        Map<String, byte[]> oldFiles = filesUnder(before, fault.directory());
        List<String> wanted = filesUnder(expected, fault.directory()).entrySet().stream()
            .filter(e -> !before.containsKey(e.getKey()) || !Arrays.equals(before.get(e.getKey()), e.getValue()))
            .map(Map.Entry::getKey).toList();
        assertTrue(!wanted.isEmpty(), fault.name() + ": the clean run writes nothing under " + fault.directory());
        if (fault.upgrade()) {
          assertTrue(wanted.stream().anyMatch(oldFiles::containsKey),
              fault.name() + ": no file under " + fault.directory() + " has an old content the run replaces");
        }

        Path capture = work.resolve("capture-" + index);
        Run failed = fault.kind() == Kind.PERMISSION_DENIED
            ? denied(root, faulty, environment)
            : full(root, faulty, capture, environment);
        String output = failed.output().replace(root.toString(), "<root>");
        String where = fault.name() + " (" + fault.directory() + "):\n" + output;

        assertEquals(1, failed.code(), where);
        Matcher failure = STEP_FAILURE.matcher(output);
        String message = null;
        while (failure.find()) {
          if (wanted.contains(failure.group(3)) && failure.group(2).contains(": " + fault.error())) {
            message = failure.group(1) + ": " + failure.group(2);
            break;
          }
        }
        if (message == null) {
          problems.add(where + "\n  no step failed with 'cannot write <one of " + wanted + ">: " + fault.error() + "'");
        }
        Map<String, byte[]> afterOld = new TreeMap<>();
        if (fault.kind() == Kind.NO_SPACE) {
          tree(capture, false).forEach((path, content) -> afterOld.put(fault.directory() + path, content));
        } else {
          afterOld.putAll(filesUnder(tree(root, false), fault.directory()));
        }
        boolean intact = CrashConsistencyIT.sameFiles(oldFiles, afterOld);
        if (!intact) {
          problems.add(where + "\n  the faulty directory changed: " + CrashConsistencyIT.difference(oldFiles, afterOld));
        }
        List<String> temporary = new ArrayList<>(temporaryFiles(root));
        if (fault.kind() == Kind.NO_SPACE) {
          temporary.addAll(temporaryFiles(capture));
        }
        if (!temporary.isEmpty()) {
          problems.add(where + "\n  temporary files left: " + temporary);
        }
        Map<String, byte[]> outside = new TreeMap<>(tree(root, false));
        outside.keySet().removeIf(path -> fault.directory().equals("/") || path.startsWith(fault.directory() + "/"));
        Map<String, byte[]> outsideBefore = new TreeMap<>(before);
        outsideBefore.keySet().removeIf(path -> fault.directory().equals("/") || path.startsWith(fault.directory() + "/"));
        if (!fault.directory().equals("/") && CrashConsistencyIT.sameFiles(outsideBefore, outside)) {
          problems.add(where + "\n  nothing else was written: the fault did not land in the middle of the run");
        }

        Run rerun = run(bootstrap(root), environment);
        boolean converged = rerun.code() == 0
            && CrashConsistencyIT.sameFiles(expected, tree(root, false)) && modes(clean).equals(modes(root));
        if (!converged) {
          problems.add(where + "\n  the rerun (exit " + rerun.code() + ") did not converge on the clean run's root: "
              + CrashConsistencyIT.difference(expected, tree(root, false)) + "\n" + rerun.output());
        }
        table.append("| ").append(fault.name()).append(" | `").append(fault.directory()).append("` | ")
            .append(failed.code()).append(" | `").append(message).append("` | ")
            .append(intact ? "byte-identical" : "CHANGED").append(" | ").append(temporary.size()).append(" | ")
            .append(converged ? "converges" : "DIVERGES").append(" |\n");
        CrashConsistencyIT.deleteTree(root);
      }
    }
    assertEquals(List.of(), problems);
    // The permission faults ran and passed; without user namespaces the table cannot be complete.
    Assumptions.assumeTrue(skipped.isEmpty(), "unshare -Urm is not allowed here, so no tmpfs could be filled: not run " + skipped);
    ReliabilityDoc.section("write-faults", table + "\n" + FAULTS.size() + " real write faults (permission denied,"
        + " no space left on a full tmpfs): each exit 1 naming the path and the error, old files intact,"
        + " no temporary file left, and the rerun converges.\n");
  }
}
