package dev.eksnode.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.kernel.GraphProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugins directory or jar that others can write is refused: a plugin runs as root. */
class PluginPermissionsTest {

  @Test
  void refusesAWorldWritablePluginsDirectoryNamingItsMode(@TempDir Path directory) throws IOException {
    Files.writeString(directory.resolve("a.jar"), "not loaded");
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
    List<GraphProblem> problems = Pf4jJars.load(directory).problems();
    assertEquals(List.of("plugin jar " + directory + " failed to load: is writable by group or others (rwxrwxrwx); a plugin runs "
        + "as root: make it root-owned and not group- or world-writable (chmod go-w)"), problems.stream().map(GraphProblem::message).toList());
  }

  @Test
  void refusesAGroupWritableJarAndLoadsNothingFromIt(@TempDir Path directory) throws IOException {
    Path jar = directory.resolve("a.jar");
    Files.writeString(jar, "not loaded");
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-rw-r--"));
    Pf4jJars.Result result = Pf4jJars.load(directory);
    assertEquals(List.of(), result.plugins());
    assertEquals(1, result.problems().size());
    assertTrue(result.problems().getFirst().message().startsWith("plugin jar " + jar + " failed to load: is writable by group or others (rw-rw-r--)"),
        result.problems().getFirst().message());
  }

  @Test
  void acceptsAJarOwnedByThisUserAndNotWritableByOthers(@TempDir Path directory) throws IOException {
    Path jar = directory.resolve("a.jar");
    Files.writeString(jar, "x");
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    assertEquals(java.util.Optional.empty(), Pf4jJars.unsafe(jar));
  }
}
