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
 * Bootstrap against emulators that misbehave: each fault either clears and the node boots, or does not
 * and bootstrap exits 1 naming the endpoint and the last error. The table of faults and outcomes in
 * docs/reliability.md is this test's output.
 *
 * <p>Nothing here is timed, so machine load cannot change an outcome. A fault that never clears runs
 * against short deadlines and its message must name that deadline: only the deadline can end such a
 * run. Every other run gets deadlines far beyond what it needs, so retries (or success) always come
 * first, and the emulator's request count shows the node asked again after each injected failure.
 */
class FaultToleranceTest {

  /** The IMDS deadline ({@code EKSNODE_IMDS_DEADLINE_SECONDS}) of a run whose fault never clears. */
  static final int IMDS_DEADLINE_SECONDS = 4;
  /** The EC2 deadline ({@code EKSNODE_EC2_DEADLINE_SECONDS}) of a run whose fault never clears. */
  static final int EC2_DEADLINE_SECONDS = 6;
  /** Both deadlines of every other run: never reached, whatever the machine's load. */
  static final int PATIENT_DEADLINE_SECONDS = 600;
  /** What the message of a run ended by its IMDS deadline says. */
  static final String IMDS_DEADLINE = "within the deadline of " + IMDS_DEADLINE_SECONDS + ".0 s (EKSNODE_IMDS_DEADLINE_SECONDS)";
  /** What the message of a run ended by its EC2 deadline says. */
  static final String EC2_DEADLINE = "did not complete before the specified timeout configuration: " + EC2_DEADLINE_SECONDS * 1000 + " millis";

  /**
   * One fault scenario.
   *
   * @param name the table's row name
   * @param target {@code imds} or {@code ec2}: which emulator misbehaves (ec2 rows boot an instance type
   *     the baked table lacks, so the node must ask EC2)
   * @param faults what the emulator is told before bootstrap starts
   * @param boots whether bootstrap must succeed
   * @param says what the message must name besides the endpoint, when it fails
   * @param endsAtDeadline whether the fault outlasts any deadline, so the run gets the short ones and
   *     only they can end it
   */
  record Scenario(String name, String target, List<Fault> faults, boolean boots, String says, boolean endsAtDeadline) {
    Scenario(String name, String target, List<Fault> faults, boolean boots, String says) {
      this(name, target, faults, boots, says, false);
    }

    /** A fault that never clears, ended by the deadline of {@code target}. */
    static Scenario untilDeadline(String name, String target, Fault fault) {
      return new Scenario(name, target, List.of(fault), false, target.equals("imds") ? IMDS_DEADLINE : EC2_DEADLINE, true);
    }

    /** How many answers the faults turn into failures the node must ask again after (latency and refusal fail none). */
    int failures() {
      return faults.stream().mapToInt(fault -> switch (fault) {
        case Fault.Status f -> f.count();
        case Fault.ExpiredToken f -> f.count();
        case Fault.TokenEndpointDisabled f -> f.count();
        case Fault.Truncated f -> f.count();
        case Fault.Malformed f -> f.count();
        case Fault.Throttle f -> f.count();
        case Fault.Latency f -> 0;
        case Fault.RefuseFor f -> 0;
        // Hostile answers are refused, not asked again (HostileBootIT covers them).
        case Fault.Answer f -> 0;
        case Fault.Flood f -> 0;
      }).sum();
    }

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
        Scenario.untilDeadline("IMDS HTTP 503 forever", "imds", new Fault.Status(503, forever)),
        new Scenario("IMDS latency 300 ms (8 requests)", "imds", List.of(new Fault.Latency(Duration.ofMillis(300), 8)), true, ""),
        Scenario.untilDeadline("IMDS latency 6 s forever", "imds", new Fault.Latency(Duration.ofSeconds(6), forever)),
        new Scenario("IMDS token expiry mid-run, 401 (3)", "imds", List.of(new Fault.ExpiredToken(3)), true, ""),
        new Scenario("IMDS token expiry, 401 forever", "imds", List.of(new Fault.ExpiredToken(forever)), false, "401"),
        new Scenario("IMDS token endpoint disabled, 403 forever", "imds", List.of(new Fault.TokenEndpointDisabled(forever)), false, "403"),
        new Scenario("IMDS connection refused for 1.5 s", "imds", List.of(new Fault.RefuseFor(Duration.ofMillis(1500))), true, ""),
        Scenario.untilDeadline("IMDS connection refused for 60 s", "imds", new Fault.RefuseFor(Duration.ofSeconds(60))),
        new Scenario("IMDS truncated bodies (3)", "imds", List.of(new Fault.Truncated(3)), true, ""),
        Scenario.untilDeadline("IMDS truncated bodies forever", "imds", new Fault.Truncated(forever)),
        new Scenario("EC2 throttling, RequestLimitExceeded (2)", "ec2", List.of(new Fault.Throttle(2)), true, ""),
        new Scenario("EC2 throttling, RequestLimitExceeded forever", "ec2", List.of(new Fault.Throttle(forever)), false, "Request limit exceeded"),
        new Scenario("EC2 HTTP 503 burst (2)", "ec2", List.of(new Fault.Status(503, 2)), true, ""),
        new Scenario("EC2 HTTP 500 forever", "ec2", List.of(new Fault.Status(500, forever)), false, "500"),
        new Scenario("EC2 latency 500 ms (2 requests)", "ec2", List.of(new Fault.Latency(Duration.ofMillis(500), 2)), true, ""),
        Scenario.untilDeadline("EC2 latency 8 s forever", "ec2", new Fault.Latency(Duration.ofSeconds(8), forever)),
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
      instance = instance.replace("\"m5.large\"", "\"m10i.large\"");
    }
    String fixture = "{\"instanceTypes\": {\"m10i.large\": {\"vcpus\": 2, \"memoryMiB\": 8192, \"maximumNetworkInterfaces\": 3, "
        + "\"ipv4AddressesPerInterface\": 10, \"hypervisor\": \"nitro\"}}}";
    try (MetadataEmulator imds = MetadataEmulator.start(instance); Ec2Emulator ec2 = Ec2Emulator.start(fixture)) {
      Map<String, String> environment = new HashMap<>(imds.environment());
      environment.putAll(ec2.environment());
      boolean shortDeadlines = scenario.endsAtDeadline();
      environment.put("EKSNODE_IMDS_DEADLINE_SECONDS", String.valueOf(shortDeadlines ? IMDS_DEADLINE_SECONDS : PATIENT_DEADLINE_SECONDS));
      environment.put("EKSNODE_EC2_DEADLINE_SECONDS", String.valueOf(shortDeadlines ? EC2_DEADLINE_SECONDS : PATIENT_DEADLINE_SECONDS));
      Fault[] faults = scenario.faults().toArray(Fault[]::new);
      if (scenario.target().equals("imds")) {
        imds.faults(faults);
      } else {
        ec2.faults(faults);
      }
      String endpoint = (scenario.target().equals("imds") ? imds.endpoint() : ec2.endpoint()).toString();

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code;
      try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
        code = new Cli(o, e, environment, InputStream.nullInputStream()).run("bootstrap", "--root", root.toString());
      }
      String output = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
      int requests = scenario.target().equals("imds") ? imds.requests().values().stream().mapToInt(Integer::intValue).sum() : ec2.totalRequests();

      String message;
      if (scenario.boots()) {
        assertEquals(0, code, scenario + ":\n" + output);
        assertTrue(Files.readString(root.resolve("etc/kubernetes/kubelet/config.json")).contains("\"maxPods\": 29"), output);
        assertTrue(requests > scenario.failures(),
            scenario + ": the emulator got " + requests + " requests, so the node did not ask again after each of its "
                + scenario.failures() + " failed answers");
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
    table.append("\n").append(ROWS.size()).append(" faults. A fault that never clears runs with deadlines of ")
        .append(IMDS_DEADLINE_SECONDS).append(" s (IMDS) and ").append(EC2_DEADLINE_SECONDS)
        .append(" s (EC2), and its message names that deadline; every other run has deadlines of ").append(PATIENT_DEADLINE_SECONDS)
        .append(" s, so machine load cannot decide whether retries or the deadline run out first. Nothing is timed.\n");
    ReliabilityDoc.section("fault-table", table.toString());
  }
}
