package dev.eksnode.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.spi.EksnodeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseRootsTest {

  private static final String EKS_AL2023 = dev.eksnode.tck.emulator.BaseRoots.EKS_AL2023;

  @Test
  void shipsTheEmulatorsEksAl2023RootUnderTheSameName() {
    BaseRoots roots = BaseRoots.shipped();
    Map<String, Integer> expected = new TreeMap<>();
    dev.eksnode.tck.emulator.BaseRoots.files(EKS_AL2023).forEach((path, mode) -> expected.put(path.substring(1), mode));
    Map<String, Integer> files = new TreeMap<>(roots.modes(EKS_AL2023));
    files.keySet().removeIf(path -> path.endsWith("/"));

    assertTrue(expected.containsKey("etc/eksnode/instance-types.json"), expected.keySet().toString());
    assertEquals(expected, files);
    assertArrayEquals(dev.eksnode.tck.emulator.BaseRoots.content(EKS_AL2023, "/etc/eksnode/instance-types.json"),
        roots.content(EKS_AL2023, "etc/eksnode/instance-types.json").orElseThrow());
    assertEquals(0755, roots.modes(EKS_AL2023).get("etc/systemd/system/"));
    assertEquals("{}", roots.instanceJson(EKS_AL2023), "no instance description: a case brings its own");
  }

  @Test
  void aVariantAddsToItsParentAndInheritsItsInstance(@TempDir Path own) throws Exception {
    Files.createDirectories(own.resolve("mine/tree/etc"));
    Files.writeString(own.resolve("mine/tree/etc/mine"), "mine\n");
    Files.writeString(own.resolve("mine/extends"), "gpu-g5\n");
    BaseRoots roots = BaseRoots.withOwn(own);

    assertTrue(roots.modes("gpu-g5").containsKey("etc/os-release"), "gpu-g5 extends al2023");
    assertArrayEquals(roots.content("al2023", "etc/os-release").orElseThrow(), roots.content("mine", "etc/os-release").orElseThrow());
    assertTrue(roots.content("mine", "etc/mine").isPresent());
    assertTrue(roots.instanceJson("gpu-g5").contains("\"g5.xlarge\""), roots.instanceJson("gpu-g5"));
    assertEquals(roots.instanceJson("gpu-g5"), roots.instanceJson("mine"));
    assertEquals(BaseRoots.SHIPPED.size() + 1, roots.names().size());
  }

  @Test
  void seedsARootWithItsModes(@TempDir Path target) throws Exception {
    BaseRoots.shipped().seed(EKS_AL2023, target);

    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("usr/bin/kubelet"))));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("etc/os-release"))));
  }

  @Test
  void aPluginsOwnRootOfTheSameNameWins(@TempDir Path own) throws Exception {
    Files.createDirectories(own.resolve("eks-al2023/tree/etc"));
    Files.writeString(own.resolve("eks-al2023/tree/etc/hosts"), "own\n");
    BaseRoots roots = BaseRoots.withOwn(own);

    assertEquals(List.of("etc/", "etc/hosts"), List.copyOf(roots.modes(EKS_AL2023).keySet()));
    assertEquals("own\n", new String(roots.content(EKS_AL2023, "etc/hosts").orElseThrow()));
  }

  @Test
  void rootsThatExtendEachOtherInACircleAreNamedInOrder(@TempDir Path own) throws Exception {
    for (String[] pair : new String[][] {{"a", "b"}, {"b", "a"}}) {
      Files.createDirectories(own.resolve(pair[0] + "/tree"));
      Files.writeString(own.resolve(pair[0] + "/extends"), pair[1] + "\n");
    }

    EksnodeException error = assertThrows(EksnodeException.class, () -> BaseRoots.withOwn(own).modes("a"));

    assertEquals("base roots extend each other in a circle: a -> b -> a", error.getMessage());
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    EksnodeException error = assertThrows(EksnodeException.class, () -> BaseRoots.shipped().seed("al2024", Path.of("unused")));

    assertEquals("no base root named 'al2024'; known: " + String.join(", ", BaseRoots.SHIPPED), error.getMessage());
  }
}
