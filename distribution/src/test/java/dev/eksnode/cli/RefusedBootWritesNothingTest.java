package dev.eksnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksnode.tck.emulator.BaseRoots;
import dev.eksnode.tck.emulator.MetadataEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A boot whose merged configuration lacks values a node needs is refused by the checks, which run
 * before any step writes: exit 2, every missing key named, and the root exactly as it was (every path,
 * mode and content, the run report included).
 */
class RefusedBootWritesNothingTest {

  private static final Path CORPUS = Path.of("src", "test", "resources", "config-corpus", "bad");

  @TempDir Path root;

  /** Every path under the root with its type, mode and (for files) content digest, sorted. */
  private List<String> listing() throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.map(path -> {
        try {
          String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
          String what = Files.isSymbolicLink(path) ? "link " + Files.readSymbolicLink(path)
              : Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "dir"
              : "file " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)));
          return "/" + root.relativize(path) + " " + mode + " " + what;
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
          throw new IllegalStateException(path + ": " + e, e);
        }
      }).sorted().toList();
    }
  }

  private static String instanceJson() throws IOException {
    try (InputStream demo = Cli.class.getResourceAsStream("demo/instance.json")) {
      return new ObjectMapper().readTree(demo).toString();
    }
  }

  @Test
  void bootstrapWithoutClusterNameAndEndpointWritesNothingAndNamesBoth() throws IOException {
    BaseRoots.seed(BaseRoots.EKS_AL2023, root);
    Path config = CORPUS.resolve("61-nodeconfig-without-cluster.yaml").toAbsolutePath();
    List<String> before = listing();
    assertTrue(before.size() > 10, "the base root is seeded: " + before);

    CliRun run;
    try (MetadataEmulator imds = MetadataEmulator.start(instanceJson())) {
      run = CliRun.run(imds.environment(), new byte[0],
          "bootstrap", "--root", root.toString(), "--config-source", "file://" + config);
    }

    assertEquals(2, run.code(), run.err());
    assertEquals("", run.out(), "no step line is printed: no step that writes ran");
    assertTrue(run.err().contains("2 configuration problems"), run.err());
    assertTrue(run.err().contains(": cluster.name: is not set"), run.err());
    assertTrue(run.err().contains(": cluster.apiServerEndpoint: is not set"), run.err());
    assertEquals(before, listing(), "a refused boot writes nothing, not even its report");
  }

  @Test
  void validateReportsTheSameProblemsAndNamesTheChecksThatNeedTheMachine() {
    Path config = CORPUS.resolve("61-nodeconfig-without-cluster.yaml").toAbsolutePath();
    CliRun refused = CliRun.run("validate", "--root", root.toString(), config.toString());
    assertEquals(2, refused.code(), refused.err());
    assertTrue(refused.err().contains(": cluster.name: is not set"), refused.err());
    assertTrue(refused.err().contains(": cluster.apiServerEndpoint: is not set"), refused.err());

    Path good = ConfigCommandsTest.GOOD.resolve("twin.toml").toAbsolutePath();
    CliRun accepted = CliRun.run("validate", "--root", root.toString(), good.toString());
    assertEquals(0, accepted.code(), accepted.err());
    assertTrue(accepted.out().contains("not checked offline (these checks need the machine and run first at boot): "
        + "core/containerd-version, core/instance-data, core/cluster, core/kubelet-version"), accepted.out());
  }
}
