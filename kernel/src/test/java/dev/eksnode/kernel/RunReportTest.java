package dev.eksnode.kernel;

import static dev.eksnode.kernel.TestKernel.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksnode.kernel.internal.StepHost;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run tells its listener and what it leaves in the report file. */
class RunReportTest {

  @TempDir Path root;

  @Test
  void emitsStepLinesInRunOrderWhenStepsCompleteOutOfOrder() {
    Queue<String> completed = new ConcurrentLinkedQueue<>();
    CountDownLatch lastStarted = new CountDownLatch(1);
    Queue<String> heard = new ConcurrentLinkedQueue<>();
    // Run order is p/a, p/b, p/c. p/a holds on until p/c has started, and p/c starts only once p/b
    // has finished, so p/b is certainly done before p/a.
    RunReport report =
        run(
            root,
            record -> heard.add(record.id()),
            TestPlugin.enabled(
                "p",
                TestStep.boot("p/a").does(context -> {
                  if (!lastStarted.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("p/c never started");
                  }
                  completed.add("p/a");
                  return Outcome.done();
                }),
                TestStep.boot("p/b").does(context -> {
                  completed.add("p/b");
                  return Outcome.done();
                }),
                TestStep.boot("p/c").after("p/b").does(context -> {
                  lastStarted.countDown();
                  return Outcome.done();
                })));

    assertEquals("p/b", completed.peek(), "p/b completed first");
    assertEquals(List.of("p/a", "p/b", "p/c"), List.copyOf(heard));
    assertEquals(List.of("p/a: unchanged", "p/b: unchanged", "p/c: unchanged"), TestKernel.lines(report));
  }

  @Test
  void writesTheBootReportUnderTheRoot() throws Exception {
    RunReport report =
        run(
            root,
            TestPlugin.enabled(
                "p",
                TestStep.boot("p/second").requires("p/first").does(context -> {
                  context.host().writeString("/etc/p/second", "2\n", 0600);
                  return Outcome.done();
                }),
                TestStep.boot("p/first").does(context -> Outcome.skipped("nothing to do"))),
            TestPlugin.disabled("q", TestStep.boot("q/never")));

    Path file = root.resolve("var/lib/eksnode/reports/boot.json");
    JsonNode json = new ObjectMapper().readTree(file.toFile());

    assertEquals("/var/lib/eksnode/reports/boot.json", Kernel.reportPath(Phase.BOOT));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("0.1.0", json.get("kernel").asText());
    assertEquals("boot", json.get("phase").asText());
    assertEquals(root.toString(), json.get("root").asText());
    assertEquals("2026-01-01T00:00:00Z", json.get("started").asText());
    assertEquals("succeeded", json.get("result").asText());
    assertEquals(
        List.of("p 1.0.0 built-in enabled", "q 1.0.0 built-in disabled"),
        elements(json.get("plugins"))
            .map(p -> p.get("id").asText() + " " + p.get("version").asText() + " " + p.get("source").asText() + " "
                + (p.get("enabled").asBoolean() ? "enabled" : "disabled"))
            .toList());
    assertEquals(
        List.of("p/first p skipped nothing to do []", "p/second p applied  [wrote /etc/p/second (0600)]"),
        elements(json.get("steps"))
            .map(s -> s.get("id").asText() + " " + s.get("plugin").asText() + " " + s.get("outcome").asText() + " "
                + s.get("detail").asText() + " " + elements(s.get("changes")).map(JsonNode::asText).toList())
            .toList());
    assertEquals(report.steps().size(), json.get("steps").size());
  }

  @Test
  void givesAFileThatIsNotWorldReadableOnlyADigestKeyedWithTheRootOnlyReportKey() throws Exception {
    byte[] secret = "HTTPS_PROXY=http://u:pw@proxy:3128\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    TestPlugin plugin = TestPlugin.enabled(
        "p",
        TestStep.boot("p/write").does(context -> {
          context.host().write("/etc/p/secret.env", secret, 0600);
          context.host().writeString("/etc/p/public.conf", "x\n", 0644);
          return Outcome.done();
        }));

    RunReport first = run(root, plugin);
    String json = Files.readString(root.resolve("var/lib/eksnode/reports/boot.json"));
    Path key = root.resolve(Kernel.REPORT_KEY.substring(1));
    byte[] keyBytes = Kernel.reportKey(Kernel.host(new RunOptions(root, false, Map.of(), TestKernel.CLOCK))).orElseThrow();
    ManagedFile secretEntry = first.files().stream().filter(f -> f.path().equals("/etc/p/secret.env")).findFirst().orElseThrow();
    ManagedFile publicEntry = first.files().stream().filter(f -> f.path().equals("/etc/p/public.conf")).findFirst().orElseThrow();

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    assertEquals(null, secretEntry.sha256(), "no plain digest of a private file");
    assertEquals(ManagedFile.keyedDigest(keyBytes, secret), secretEntry.keyedSha256());
    assertEquals(StepHost.sha256("x\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)), publicEntry.sha256());
    assertEquals(null, publicEntry.keyedSha256());
    assertTrue(!json.contains(StepHost.sha256(secret)), "the report file holds no plain digest of the secret: " + json);
    assertTrue(json.contains(secretEntry.keyedSha256()), json);

    RunReport second = run(root, plugin);
    assertEquals(first.files(), second.files(), "the key is made once and kept: digests are stable across runs");
  }

  @Test
  void writesNoReportKeyWhenEveryManagedFileIsWorldReadable() {
    run(root, TestPlugin.enabled("p", TestStep.boot("p/write").does(context -> {
      context.host().writeString("/etc/p/public.conf", "x\n", 0644);
      return Outcome.done();
    })));

    assertTrue(Files.isRegularFile(root.resolve("var/lib/eksnode/reports/boot.json")));
    assertTrue(!Files.exists(root.resolve(Kernel.REPORT_KEY.substring(1))));
  }

  @Test
  void writesTheImageReportForTheImagePhase() {
    Setup setup = TestKernel.setup(TestPlugin.enabled("p", TestStep.image("p/bake")));
    var ordered = (StepGraph.Ordered) Kernel.order(setup, Phase.IMAGE);

    Kernel.run(setup, ordered, Phase.IMAGE, new RunOptions(root, false, Map.of(), TestKernel.CLOCK), RunListener.NONE);

    assertTrue(Files.isRegularFile(root.resolve("var/lib/eksnode/reports/image.json")));
  }

  private static Stream<JsonNode> elements(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }
}
