package dev.eksnode.plugins.core;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The real tools the ITs drive (containerd 1.x and 2.1, systemd-analyze, jq, bash), found the same
 * way everywhere, and how they are run.
 *
 * <p>Host tools come from {@code .ci/install-test-tools}; without one a test fails with that advice,
 * unless {@code EKSNODE_SKIP_TOOL_TESTS=1}. containerd 2.1 is unpacked by {@code .ci/fetch-containerd2}
 * and named by the system property {@code eksnode.containerd2}; where it could not be fetched a test
 * skips with the reason, except in CI ({@code CI=true}, which {@code .ci/run} sets), where it fails, so
 * the version-3 checks cannot vanish unnoticed.
 */
public final class TestTools {

  private TestTools() {}

  /** A host tool on the {@code PATH}. */
  public static Path tool(String name) {
    Assumptions.assumeFalse("1".equals(System.getenv("EKSNODE_SKIP_TOOL_TESTS")), "EKSNODE_SKIP_TOOL_TESTS=1");
    Optional<Path> found =
        Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin").split(":"))
            .map(dir -> Path.of(dir, name))
            .filter(Files::isExecutable)
            .findFirst();
    if (found.isEmpty()) {
      fail(name + " is not installed: run .ci/install-test-tools (or set EKSNODE_SKIP_TOOL_TESTS=1 to skip the real-tool checks)");
    }
    return found.get();
  }

  /** The containerd 2.1 binary of {@code .ci/fetch-containerd2}. */
  public static Path containerd2() {
    String property = System.getProperty("eksnode.containerd2");
    if (property == null || property.isBlank()) {
      fail("the build passes no system property eksnode.containerd2");
    }
    Path containerd = Path.of(property);
    if (!Files.isExecutable(containerd)) {
      Path unpacked = containerd.getParent().getParent().getParent();
      Path marker = unpacked.resolveSibling(unpacked.getFileName() + ".unavailable");
      String why;
      try {
        why = Files.exists(marker) ? Files.readString(marker).strip() : "run .ci/install-test-tools (it runs .ci/fetch-containerd2)";
      } catch (IOException e) {
        why = "cannot read " + marker + ": " + e.getMessage();
      }
      String reason = "containerd 2.1 is not at " + containerd + ": " + why;
      if ("true".equals(System.getenv("CI"))) {
        fail(reason + " (CI=true: the version-3 checks must run)");
      }
      System.err.println("SKIPPED: " + reason);
      Assumptions.abort(reason);
    }
    return containerd;
  }

  /**
   * What a finished command left.
   *
   * @param exit its exit code
   * @param stdout standard output
   * @param stderr standard error
   */
  public record Result(int exit, String stdout, String stderr) {}

  /** Runs {@code command} to its end (at most two minutes), its output collected through files. */
  public static Result run(List<String> command) throws IOException, InterruptedException {
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
