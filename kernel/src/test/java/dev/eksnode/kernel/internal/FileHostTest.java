package dev.eksnode.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.spi.HostException;
import java.io.IOException;
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

class FileHostTest {

  @TempDir Path root;

  private FileHost host(boolean dryRun) {
    return new FileHost(root, dryRun, Map.of(), Clock.systemUTC());
  }

  @Test
  void writesAtomicallyLeavingOnlyTheFileBehind() throws IOException {
    FileHost host = host(false);

    assertTrue(host.write("/etc/app/config", "first\n".getBytes(), 0644));
    assertTrue(host.writeString("/etc/app/config", "second\n", 0644));

    assertEquals("second\n", Files.readString(root.resolve("etc/app/config")));
    assertEquals(List.of("config"), names(root.resolve("etc/app")), "no temporary file is left");
  }

  @Test
  void appliesTheExplicitModeOfEachWrite() throws IOException {
    FileHost host = host(false);

    host.writeString("/etc/secret", "token\n", 0600);
    host.writeString("/etc/public", "hello\n", 0644);

    assertEquals("rw-------", permissions("etc/secret"));
    assertEquals("rw-r--r--", permissions("etc/public"));
    assertEquals(Optional.of(0600), host.mode("/etc/secret"));
    assertEquals(Optional.of(0644), host.mode("/etc/public"));
  }

  @Test
  void createsMissingParentDirectoriesWithMode0755() throws IOException {
    host(false).writeString("/var/lib/app/state", "x", 0600);

    assertEquals("rwxr-xr-x", permissions("var"));
    assertEquals("rwxr-xr-x", permissions("var/lib/app"));
  }

  @Test
  void createsDirectoriesAndTheirMissingParentsWithTheGivenMode() throws IOException {
    Files.createDirectories(root.resolve("srv"));
    FileHost host = host(false);

    assertTrue(host.createDirectories("/srv/app/data", 0700));

    assertEquals("rwx------", permissions("srv/app"));
    assertEquals("rwx------", permissions("srv/app/data"));
    assertEquals("rwxr-xr-x", permissions("srv"), "an existing directory keeps its mode");
    assertFalse(host.createDirectories("/srv/app/data", 0700), "an existing directory is no change");
  }

  @Test
  void changesOnlyTheModeWhenTheContentIsTheSame() throws IOException {
    FileHost host = host(false);
    host.writeString("/etc/key", "k\n", 0644);

    assertTrue(host.writeString("/etc/key", "k\n", 0600), "a mode change is a change");
    assertEquals("rw-------", permissions("etc/key"));
    assertFalse(host.writeString("/etc/key", "k\n", 0600), "same content and mode change nothing");
  }

  @Test
  void describesAFailedWriteWithTheOperatingSystemsWordsAndTheFile() {
    assertEquals("Permission denied (/r/etc/.x.eksnode-tmp)",
        FileHost.describe(new java.nio.file.AccessDeniedException("/r/etc/.x.eksnode-tmp")));
    assertEquals("No space left on device", FileHost.describe(new IOException("No space left on device")));
    assertEquals("Read-only file system (/r/etc/x)",
        FileHost.describe(new java.nio.file.FileSystemException("/r/etc/x", null, "Read-only file system")));
  }

  @Test
  void refusesAPathThatLeavesTheRoot() {
    FileHost host = host(false);

    HostException e = assertThrows(HostException.class, () -> host.writeString("/../etc/passwd", "root::0:0\n", 0644));

    assertEquals("path leaves the root " + root.toAbsolutePath().normalize() + ": /../etc/passwd", e.getMessage());
    assertFalse(Files.exists(root.getParent().resolve("etc/passwd")));
  }

  @Test
  void refusesARelativePath() {
    HostException e = assertThrows(HostException.class, () -> host(false).read("etc/passwd"));

    assertEquals("path must be absolute and free of NUL bytes: etc/passwd", e.getMessage());
  }

  @Test
  void dryRunWritesNothingButLaterReadsSeeTheWrite() throws IOException {
    FileHost host = host(true);

    assertTrue(host.writeString("/etc/app/config", "planned\n", 0600));

    assertFalse(Files.exists(root.resolve("etc")), "nothing reached the disk");
    assertTrue(host.exists("/etc/app/config"));
    assertEquals(Optional.of("planned\n"), host.readString("/etc/app/config"));
    assertEquals(Optional.of(0600), host.mode("/etc/app/config"));
    assertEquals(List.of("config"), host.list("/etc/app"));
    assertFalse(host.writeString("/etc/app/config", "planned\n", 0600), "a repeated planned write changes nothing");
  }

  @Test
  void dryRunDeleteHidesTheFileButKeepsItOnDisk() throws IOException {
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/old"), "old\n");
    FileHost host = host(true);

    assertTrue(host.delete("/etc/old"));

    assertFalse(host.exists("/etc/old"));
    assertEquals(Optional.empty(), host.readString("/etc/old"));
    assertEquals(List.of(), host.list("/etc"));
    assertTrue(Files.exists(root.resolve("etc/old")));
  }

  @Test
  void readsNothingForAMissingFile() {
    FileHost host = host(false);

    assertEquals(Optional.empty(), host.read("/no/such/file"));
    assertEquals(Optional.empty(), host.mode("/no/such/file"));
    assertEquals(List.of(), host.list("/no/such"));
    assertFalse(host.delete("/no/such/file"));
  }

  @Test
  void probeOfAMissingProgramExitsWith127() {
    var result = host(false).probe(List.of("/usr/bin/kubelet", "--version"));

    assertEquals(127, result.exitCode());
    assertEquals("/usr/bin/kubelet: not found under " + root.toAbsolutePath().normalize(), result.stderr());
  }

  @Test
  void isLiveOnlyForTheFileSystemRoot() {
    assertFalse(host(false).live());
    assertTrue(new FileHost(Path.of("/"), true, Map.of(), Clock.systemUTC()).live());
  }

  private String permissions(String relative) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(relative)));
  }

  private static List<String> names(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
