package dev.eksnode.kernel;

import dev.eksnode.kernel.internal.FileHost;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.spi.CommandResult;
import dev.eksnode.spi.HostException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host over a root an attacker prepared: symbolic links already in the root that lead out of it
 * (absolute, or relative with {@code ..}), a link planted as the temporary file of an atomic write,
 * links in eksnode's own state directory, FIFOs and huge sparse files where files are read back, and
 * commands that never end, keep their output open or flood it. Nothing outside the root changes, no
 * call hangs, and each refusal names the path.
 */
class HostileRootTest {


  @TempDir Path work;

  private Path root() throws IOException {
    return Files.createDirectories(work.resolve("root"));
  }

  private Path outside() throws IOException {
    return Files.createDirectories(work.resolve("outside"));
  }

  private static FileHost host(Path root, Map<String, String> environment) {
    return new FileHost(root, false, environment, Clock.systemUTC());
  }

  private static FileHost host(Path root) {
    return host(root, Map.of());
  }

  @Test
  void refusesToWriteThroughAnAbsoluteLinkThatLeavesTheRoot() throws IOException {
    Path root = root();
    Path outside = outside();
    Files.createDirectories(root.resolve("var/lib"));
    Files.createSymbolicLink(root.resolve("var/lib/kubelet"), outside);

    HostException e = assertThrows(HostException.class,
        () -> host(root).writeString("/var/lib/kubelet/kubeconfig", "x", 0600));

    assertTrue(e.getMessage().contains("/var/lib/kubelet is a symbolic link to " + outside), e.getMessage());
    assertTrue(e.getMessage().contains("leads out of the root"), e.getMessage());
    assertEquals(List.of(), names(outside));
  }

  @Test
  void refusesToWriteThroughARelativeLinkThatClimbsOutOfTheRoot() throws IOException {
    Path root = root();
    Path outside = outside();
    Files.createDirectories(root.resolve("etc/systemd"));
    Files.createSymbolicLink(root.resolve("etc/systemd/system"), Path.of("../../../outside"));

    HostException e = assertThrows(HostException.class,
        () -> host(root).writeString("/etc/systemd/system/kubelet.service.d/10-eksnode.conf", "x", 0644));

    assertTrue(e.getMessage().contains("/etc/systemd/system is a symbolic link to ../../../outside"), e.getMessage());
    assertEquals(List.of(), names(outside));
  }

  @Test
  void followsALinkThatStaysInsideTheRoot() throws IOException {
    Path root = root();
    Files.createDirectories(root.resolve("usr/lib"));
    Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));

    assertTrue(host(root).writeString("/lib/x/y.conf", "inside\n", 0644));

    assertEquals("inside\n", Files.readString(root.resolve("usr/lib/x/y.conf")));
    assertEquals(Optional.of("inside\n"), host(root).readString("/lib/x/y.conf"));
  }

  @Test
  void neverWritesThroughALinkPlantedAsTheTemporaryFile() throws IOException {
    Path root = root();
    Path victim = Files.writeString(outside().resolve("victim"), "untouched\n");
    Files.createDirectories(root.resolve("etc/kubernetes"));
    Files.createSymbolicLink(root.resolve("etc/kubernetes/.config.json.eksnode-tmp"), victim);

    assertTrue(host(root).writeString("/etc/kubernetes/config.json", "{}\n", 0644));

    assertEquals("untouched\n", Files.readString(victim));
    assertEquals("{}\n", Files.readString(root.resolve("etc/kubernetes/config.json")));
    assertFalse(Files.exists(root.resolve("etc/kubernetes/.config.json.eksnode-tmp"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void replacesALinkWhereTheFileGoesInsteadOfWritingThroughIt() throws IOException {
    Path root = root();
    Files.createDirectories(root.resolve("etc/kubernetes"));
    Path elsewhere = Files.writeString(root.resolve("etc/elsewhere"), "{}\n");
    Files.createSymbolicLink(root.resolve("etc/kubernetes/config.json"), Path.of("../elsewhere"));

    assertTrue(host(root).writeString("/etc/kubernetes/config.json", "{}\n", 0644), "a link is not the file, even with equal content");

    assertFalse(Files.isSymbolicLink(root.resolve("etc/kubernetes/config.json")));
    assertEquals("{}\n", Files.readString(elsewhere));
  }

  @Test
  void followsNoLinkInItsOwnStateDirectoryEvenInsideTheRoot() throws IOException {
    Path root = root();
    Files.createDirectories(root.resolve("var/lib/eksnode"));
    Files.createDirectories(root.resolve("etc/profile.d"));
    Files.createSymbolicLink(root.resolve("var/lib/eksnode/state"), Path.of("../../../etc/profile.d"));

    HostException e = assertThrows(HostException.class,
        () -> host(root).writeString("/var/lib/eksnode/state/kubelet.service.inputs", "x", 0600));

    assertTrue(e.getMessage().contains("/var/lib/eksnode/state is a symbolic link"), e.getMessage());
    assertEquals(List.of(), names(root.resolve("etc/profile.d")));
  }

  @Test
  void refusesToReadThroughALinkThatLeavesTheRoot() throws IOException {
    Path root = root();
    Files.writeString(outside().resolve("shadow"), "root:secret\n");
    Files.createDirectories(root.resolve("etc"));
    Files.createSymbolicLink(root.resolve("etc/os-release"), work.resolve("outside/shadow"));

    HostException e = assertThrows(HostException.class, () -> host(root).readString("/etc/os-release"));

    assertTrue(e.getMessage().contains("/etc/os-release is a symbolic link"), e.getMessage());
  }

  @Test
  void readsAFifoAsNoFileInsteadOfWaitingForAWriter() throws Exception {
    Path root = root();
    Files.createDirectories(root.resolve("etc/kubernetes"));
    mkfifo(root.resolve("etc/kubernetes/config.json"));

    Optional<byte[]> read = host(root).read("/etc/kubernetes/config.json");

    assertEquals(Optional.empty(), read);
    host(root).writeString("/etc/kubernetes/config.json", "{}\n", 0644);
    assertTrue(Files.isRegularFile(root.resolve("etc/kubernetes/config.json")), "the write replaced the FIFO");
  }

  @Test
  void refusesToReadBackAHugeSparseFileNamingTheLimit() throws Exception {
    Path root = root();
    Files.createDirectories(root.resolve("var/lib/eksnode/state"));
    try (RandomAccessFile file = new RandomAccessFile(root.resolve("var/lib/eksnode/state/kubelet.service.inputs").toFile(), "rw")) {
      file.setLength(8L << 30); // 8 GiB, no block of it on disk
    }

    HostException e = assertThrows(HostException.class, () -> host(root).read("/var/lib/eksnode/state/kubelet.service.inputs"));

    assertEquals("cannot read /var/lib/eksnode/state/kubelet.service.inputs: it is 8589934592 bytes, more than the "
        + FileHost.MAX_READ_BYTES + " bytes (16 MiB) eksnode reads back from a file", e.getMessage());
    // Writing over it needs no read: a file of another size holds other content.
    assertTrue(host(root).writeString("/var/lib/eksnode/state/kubelet.service.inputs", "x\n", 0600));
  }

  @Test
  void killsAProbeThatNeverExitsAtItsDeadline() throws Exception {
    Path root = root();
    program(root, "/usr/bin/kubelet", "#!/bin/sh\nexec sleep 100000\n");

    HostException e = assertThrows(HostException.class,
        () -> host(root, Map.of(FileHost.PROBE_DEADLINE_VARIABLE, "2")).probe(List.of("/usr/bin/kubelet", "--version")));

    assertEquals("command did not finish within 2 s (EKSNODE_PROBE_DEADLINE_SECONDS) and was killed: "
        + root.toAbsolutePath() + "/usr/bin/kubelet --version", e.getMessage());
  }

  @Test
  void doesNotWaitForABackgroundChildThatKeepsTheOutputOpen() throws Exception {
    Path root = root();
    program(root, "/usr/bin/kubelet", "#!/bin/sh\nsleep 100000 &\necho 'Kubernetes v1.31.2'\n");

    CommandResult result = host(root).probe(List.of("/usr/bin/kubelet", "--version"));

    assertEquals(0, result.exitCode());
    assertEquals("Kubernetes v1.31.2\n", result.stdout());
  }

  @Test
  void killsACommandThatFloodsItsOutput() throws Exception {
    Path root = root();
    program(root, "/usr/bin/kubelet", "#!/bin/sh\nexec yes Kubernetes\n");

    HostException e = assertThrows(HostException.class,
        () -> host(root).probe(List.of("/usr/bin/kubelet", "--version")));

    assertEquals("command wrote more than " + FileHost.MAX_OUTPUT_BYTES + " bytes (1 MiB) to its standard output and was killed: "
        + root.toAbsolutePath() + "/usr/bin/kubelet --version", e.getMessage());
  }

  @Test
  void refusesADeadlineThatIsNoNumberOfSeconds() throws Exception {
    Path root = root();
    program(root, "/usr/bin/kubelet", "#!/bin/sh\necho v1\n");

    HostException e = assertThrows(HostException.class,
        () -> host(root, Map.of(FileHost.PROBE_DEADLINE_VARIABLE, "2147483648000")).probe(List.of("/usr/bin/kubelet")));

    assertEquals("EKSNODE_PROBE_DEADLINE_SECONDS=\"2147483648000\" is not a number of seconds from 1 to 86400", e.getMessage());
  }

  private static void program(Path root, String path, String script) throws IOException {
    Path file = root.resolve(path.substring(1));
    Files.createDirectories(file.getParent());
    Files.writeString(file, script);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  static void mkfifo(Path path) throws IOException, InterruptedException {
    Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor(), "mkfifo " + path);
  }

  private static List<String> names(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
