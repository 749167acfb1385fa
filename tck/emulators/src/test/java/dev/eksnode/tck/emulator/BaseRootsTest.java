package dev.eksnode.tck.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseRootsTest {

  private static final Path SOURCE = Path.of("src/main/resources/dev/eksnode/tck/emulator/roots/eks-al2023");

  @Test
  void indexListsEveryFileOfTheRootWithItsMode() throws IOException {
    Map<String, Integer> onDisk = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCE)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        onDisk.put("/" + SOURCE.relativize(file), Files.isExecutable(file) ? 0755 : 0644);
      }
    }
    assertEquals(onDisk, new TreeMap<>(BaseRoots.files(BaseRoots.EKS_AL2023)));
  }

  @Test
  void seedsFilesWithTheirModes(@TempDir Path root) throws IOException {
    List<String> written = BaseRoots.seed(BaseRoots.EKS_AL2023, root);
    assertTrue(written.contains("/usr/bin/kubelet"), written::toString);
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("usr/bin/kubelet"))));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("etc/os-release"))));
    assertTrue(Files.readString(root.resolve("etc/os-release")).contains("VERSION_ID=\"2023\""));
  }
}
