package dev.eksnode.tck.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.tck.emulator.NodeRoots;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootLibraryTest {

  @Test
  void shipsTheEmulatorsAl2023RootUnderItsKitName() {
    RootLibrary library = new RootLibrary(Optional.empty());
    Map<String, String> expected = new TreeMap<>();
    NodeRoots.files(NodeRoots.AL2023).forEach((path, mode) -> expected.put(path.substring(1),
        String.format("%04o ", mode) + new String(NodeRoots.content(NodeRoots.AL2023, path), StandardCharsets.UTF_8)));
    Map<String, String> shipped = new TreeMap<>();
    library.tree("eks-al2023").files().forEach((path, file) -> shipped.put(path, String.format("%04o ", file.mode()) + file.text()));

    assertTrue(expected.containsKey("etc/eksnode/instance-types.json"), expected.keySet().toString());
    assertEquals(expected, shipped);
    assertEquals(new Tree.Dir(0755), library.tree("eks-al2023").get("etc/systemd/system").orElseThrow());
    assertEquals("{}", library.instanceJson("eks-al2023"), "no instance description: a case brings its own");
  }

  @Test
  void aPluginsOwnRootOfTheSameNameWins(@TempDir Path own) throws Exception {
    Files.createDirectories(own.resolve("eks-al2023/tree/etc"));
    Files.writeString(own.resolve("eks-al2023/tree/etc/hosts"), "own\n");
    RootLibrary library = new RootLibrary(Optional.of(own));
    assertEquals(List.of("etc/hosts"), List.copyOf(library.tree("eks-al2023").files().keySet()));
    assertEquals("own\n", library.tree("eks-al2023").files().get("etc/hosts").text());
  }
}
