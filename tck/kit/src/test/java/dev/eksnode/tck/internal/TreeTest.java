package dev.eksnode.tck.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eksnode.spi.EksnodeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeTest {

  @TempDir Path dir;

  @Test
  void aSnapshotTakesItsModesFromTheListingAndRestoresEmptyDirectories() throws Exception {
    Files.createDirectories(dir.resolve("etc/kubernetes/pki"));
    Files.writeString(dir.resolve("etc/kubernetes/pki/ca.crt"), "pem\n");
    Files.writeString(dir.resolve(Tree.MODES), "0600 etc/kubernetes/pki/ca.crt\n0700 var/lib/kubelet/\n");

    Tree tree = Tree.readSnapshot(dir);

    assertEquals(new Tree.File("pem\n".getBytes(), 0600), tree.entries().get("etc/kubernetes/pki/ca.crt"));
    assertEquals(new Tree.Dir(0700), tree.entries().get("var/lib/kubelet"));
    assertEquals(new Tree.Dir(0755), tree.entries().get("var/lib"));
    assertEquals(new Tree.Dir(0755), tree.entries().get("etc/kubernetes"));
  }

  @Test
  void writesASnapshotThatReadsBackTheSame() {
    Tree tree = Tree.of(Map.of(
        "etc", new Tree.Dir(0755),
        "etc/acme.conf", new Tree.File("x\n".getBytes(), 0640),
        "usr", new Tree.Dir(0755),
        "usr/bin", new Tree.Dir(0755),
        "usr/bin/acme", new Tree.File("#!/bin/sh\n".getBytes(), 0750),
        "var", new Tree.Dir(0700)));

    tree.writeSnapshot(dir.resolve("expected"));

    assertEquals(tree, Tree.readSnapshot(dir.resolve("expected")));
    assertEquals("0755 etc/\n0640 etc/acme.conf\n0755 usr/\n0755 usr/bin/\n0750 usr/bin/acme\n0700 var/\n",
        tree.modesListing());
  }

  @Test
  void materializesExactModesWhateverTheUmask() throws Exception {
    Tree tree = Tree.of(Map.of("etc/secret", new Tree.File("s".getBytes(), 0400), "etc", new Tree.Dir(0555)));

    tree.materialize(dir.resolve("root"));

    assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("root/etc/secret"))));
    assertEquals("r-xr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("root/etc"))));
    assertEquals(tree, Tree.capture(dir.resolve("root"), path -> false));
    Tree.deleteTree(dir.resolve("root"));
  }

  @Test
  void rejectsAMalformedListingNamingTheLine() {
    EksnodeException error = assertThrows(EksnodeException.class,
        () -> Tree.Modes.parse("0644 etc/os-release\n644x etc/hosts\n", "input/.modes"));

    assertEquals("input/.modes, line 2: expected '<octal-mode> <relative-path>' (e.g. '0644 etc/os-release',"
        + " directories with a trailing /), found '644x etc/hosts'", error.getMessage());
  }

  @Test
  void rejectsAListedFileThatIsNotThere() throws Exception {
    Files.writeString(dir.resolve(Tree.MODES), "0644 etc/missing\n");

    EksnodeException error = assertThrows(EksnodeException.class, () -> Tree.readSnapshot(dir));

    assertEquals(dir.resolve(Tree.MODES) + ": lists the file 'etc/missing', which is not in " + dir, error.getMessage());
  }
}
