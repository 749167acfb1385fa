package dev.eksnode.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.cli.Cli;
import dev.eksnode.tck.emulator.BaseRoots;
import dev.eksnode.tck.emulator.Ec2Emulator;
import dev.eksnode.tck.emulator.Fault;
import dev.eksnode.tck.emulator.MetadataEmulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bootstrap against emulators that misbehave: each fault either clears and the node boots within its
 * deadline, or does not and bootstrap exits 1 naming the endpoint and the last error. The table of
 * faults and outcomes in docs/reliability.md is this test's output.
 */
class FaultToleranceTest {

  /** The IMDS deadline the runs set ({@code EKSNODE_IMDS_DEADLINE_SECONDS}). */
  static final int IMDS_DEADLINE_SECONDS = 4;
  /** The EC2 deadline the runs set ({@code EKSNODE_EC2_DEADLINE_SECONDS}). */
  static final int EC2_DEADLINE_SECONDS = 6;
  /** What a run may take beyond its deadline: loading plugins, writing the root. */
  static final Duration SLACK = Duration.ofSeconds(6);

  /**
   * One fault scenario.
   *
   * @param name the table's row name
   * @param target {@code imds} or {@code ec2}: which emulator misbehaves (ec2 rows boot an instance type
   *     the baked table lacks, so the node must ask EC2)
   * @param faults what the emulator is told before bootstrap starts
   * @param boots whether bootstrap must succeed
   * @param says what the message must name besides the endpoint, when it fails
   */
  record Scenario(String name, String target, List<Fault> faults, boolean boots, String says) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final Map<String, String> ROWS = new TreeMap<>();

  static Stream<Scenario> scenarios() {
    int forever = Fault.FOREVER;
    return Stream.of(
        new Scenario("IMDS HTTP 500 burst (3)", "imds", List.of(new Fault.Status(500, 3)), true, ""),
        new Scenario("IMDS HTTP 503 burst (5)", "imds", List.of(new Fault.Status(503, 5)), true, ""),
        new Scenario("IMDS HTTP 503 forever", "imds", List.of(new Fault.Status(503, forever)), false, "503"),
        new Scenario("IMDS latency 300 ms (8 requests)", "imds", List.of(new Fault.Latency(Duration.ofMillis(300), 8)), true, ""),
        new Scenario("IMDS latency 6 s forever", "imds", List.of(new Fault.Latency(Duration.ofSeconds(6), forever)), false, "deadline"),
        new Scenario("IMDS token expiry mid-run, 401 (3)", "imds", List.of(new Fault.ExpiredToken(3)), true, ""),
        new Scenario("IMDS token expiry, 401 forever", "imds", List.of(new Fault.ExpiredToken(forever)), false, "401"),
        new Scenario("IMDS token endpoint disabled, 403 forever", "imds", List.of(new Fault.TokenEndpointDisabled(forever)), false, "403"),
        new Scenario("IMDS connection refused for 1.5 s", "imds", List.of(new Fault.RefuseFor(Duration.ofMillis(1500))), true, ""),
        new Scenario("IMDS connection refused for 60 s", "imds", List.of(new Fault.RefuseFor(Duration.ofSeconds(60))), false, "deadline"),
        new Scenario("IMDS truncated bodies (3)", "imds", List.of(new Fault.Truncated(3)), true, ""),
        new Scenario("IMDS truncated bodies forever", "imds", List.of(new Fault.Truncated(forever)), false, "metadata"),
        new Scenario("EC2 throttling, RequestLimitExceeded (2)", "ec2", List.of(new Fault.Throttle(2)), true, ""),
        new Scenario("EC2 throttling, RequestLimitExceeded forever", "ec2", List.of(new Fault.Throttle(forever)), false, "Request limit exceeded"),
        new Scenario("EC2 HTTP 503 burst (2)", "ec2", List.of(new Fault.Status(503, 2)), true, ""),
        new Scenario("EC2 HTTP 500 forever", "ec2", List.of(new Fault.Status(500, forever)), false, "500"),
        new Scenario("EC2 latency 500 ms (2 requests)", "ec2", List.of(new Fault.Latency(Duration.ofMillis(500), 2)), true, ""),
        new Scenario("EC2 latency 8 s forever", "ec2", List.of(new Fault.Latency(Duration.ofSeconds(8), forever)), false, "DescribeInstanceTypes"),
        new Scenario("EC2 truncated body (1)", "ec2", List.of(new Fault.Truncated(1)), false, "Could not parse XML response"),
        new Scenario("EC2 malformed XML forever", "ec2", List.of(new Fault.Malformed(forever)), false, "DescribeInstanceTypes"));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = Cli.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void bootsWhenTheFaultClearsAndOtherwiseNamesEndpointAndLastError(Scenario scenario, @TempDir Path root) throws IOException {
    BaseRoots.seed(BaseRoots.EKS_AL2023, root);
    Path config = root.resolve("etc/eksnode/eksnode.toml");
    Files.createDirectories(config.getParent());
    Files.writeString(config, resource("demo/eksnode.toml"));
    String instance = resource("demo/instance.json");
    if (scenario.target().equals("ec2")) {
      instance = instance.replace("\"m5.large\"", "\"m7i-flex.large\"");
    }
    String fixture = "{\"instanceTypes\": {\"m7i-flex.large\": {\"vcpus\": 2, \"memoryMiB\": 8192, \"maximumNetworkInterfaces\": 3, "
        + "\"ipv4AddressesPerInterface\": 10, \"hypervisor\": \"nitro\"}}}";
    try (MetadataEmulator imds = MetadataEmulator.start(instance); Ec2Emulator ec2 = Ec2Emulator.start(fixture)) {
      Map<String, String> environment = new HashMap<>(imds.environment());
      environment.putAll(ec2.environment());
      environment.put("EKSNODE_IMDS_DEADLINE_SECONDS", String.valueOf(IMDS_DEADLINE_SECONDS));
      environment.put("EKSNODE_EC2_DEADLINE_SECONDS", String.valueOf(EC2_DEADLINE_SECONDS));
      Fault[] faults = scenario.faults().toArray(Fault[]::new);
      if (scenario.target().equals("imds")) {
        imds.faults(faults);
      } else {
        ec2.faults(faults);
      }
      String endpoint = (scenario.target().equals("imds") ? imds.endpoint() : ec2.endpoint()).toString();
      int deadline = scenario.target().equals("imds") ? IMDS_DEADLINE_SECONDS : EC2_DEADLINE_SECONDS;

      long start = System.nanoTime();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code;
      try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
        code = new Cli(o, e, environment, InputStream.nullInputStream()).run("bootstrap", "--root", root.toString());
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      String output = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);

      assertTrue(took.compareTo(Duration.ofSeconds(deadline).plus(SLACK)) < 0,
          scenario + " took " + took.toMillis() + " ms, beyond its " + deadline + " s deadline:\n" + output);
      String message;
      if (scenario.boots()) {
        assertEquals(0, code, scenario + ":\n" + output);
        assertTrue(Files.readString(root.resolve("etc/kubernetes/kubelet/config.json")).contains("\"maxPods\": 29"), output);
        message = "";
      } else {
        assertEquals(1, code, scenario + ":\n" + output);
        String failure = output.lines().filter(line -> line.contains(endpoint)).findFirst()
            .orElseThrow(() -> new AssertionError(scenario + ": no line names the endpoint " + endpoint + ":\n" + output));
        assertTrue(failure.contains(scenario.says()), scenario + ": the message does not name the last error (" + scenario.says() + "): " + failure);
        assertTrue(!output.contains("\tat "), "a stack trace:\n" + output);
        message = failure.strip().replace(endpoint, "<endpoint>");
      }
      ROWS.put(String.format("%02d", scenarios().map(Scenario::name).toList().indexOf(scenario.name())),
          "| " + scenario.name() + " | " + (scenario.boots() ? "boots (exit 0)" : "exit 1") + " | "
              + (scenario.boots() ? "" : "`" + shorten(message) + "`") + " |");
    }
  }

  /** The message for a table cell: its start and its end (the last error); request ids and timings vary and are cut. */
  private static String shorten(String message) {
    String cut = message.replaceAll("^failed\\s+(\\S+)\\s+\\d+ ms\\s+\\((.*)\\)$", "$1: $2").replaceAll("\\(Service: Ec2, Status Code: (\\d+), Request ID: [^)]*\\)", "(Service: Ec2, Status Code: $1)")
        .replaceAll("SDK Attempt Count: \\d+", "SDK Attempt Count: n")
        .replace("|", "\\|").replace("`", "'");
    return cut.length() > 300 ? cut.substring(0, 100) + " ... " + cut.substring(cut.length() - 200) : cut;
  }

  @AfterAll
  static void recordsTheTable() throws IOException {
    if (ROWS.size() != scenarios().count()) {
      return; // a filtered or failed run does not rewrite or check the table
    }
    StringBuilder table = new StringBuilder("| Fault | Outcome | Message (the endpoint and the last error) |\n|---|---|---|\n");
    ROWS.values().forEach(row -> table.append(row).append('\n'));
    table.append("\n").append(ROWS.size()).append(" faults; deadlines: IMDS ").append(IMDS_DEADLINE_SECONDS)
        .append(" s, EC2 ").append(EC2_DEADLINE_SECONDS).append(" s; every run ended within its deadline plus ")
        .append(SLACK.toSeconds()).append(" s.\n");
    ReliabilityDoc.section("fault-table", table.toString());
  }
}
