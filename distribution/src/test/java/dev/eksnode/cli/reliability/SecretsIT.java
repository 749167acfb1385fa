package dev.eksnode.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.tck.emulator.Ec2Emulator;
import dev.eksnode.tck.emulator.MetadataEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SecretsTest} with debug logging on, through the packaged CLI ({@code --debug}: SLF4J at
 * debug on standard error, the AWS SDK's loggers included): no log line, no output, no run report
 * and no file readable beyond its owner holds a proxy password, the AWS secret key or session token
 * eksnode was started with (and signs an EC2 call with), or any instance metadata session token it
 * was given.
 */
class SecretsIT {

  static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYSECRETKEY";
  static final String SESSION_TOKEN = "FwoGZXIvYXdzSESSIONTOKEN-secret-0123456789";

  private record Run(int code, String stdout, String stderr) {}

  private static Run run(List<String> args, Map<String, String> environment, Path work) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("eksnode.home", "target/eksnode"), "bin", "eksnode").toAbsolutePath().toString());
    command.addAll(args);
    Path out = Files.createTempFile(work, "stdout-", ".txt");
    Path err = Files.createTempFile(work, "stderr-", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not end in 180 s");
    }
    Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return run;
  }

  @Test
  void noSecretReachesADebugLogLineTheReportOrAWorldReadableFile(@TempDir Path work) throws Exception {
    Path root = work.resolve("root");
    SecretsTest.seed(root);
    List<String> secrets = new ArrayList<>(List.of(SecretsTest.PASSWORD, SecretsTest.PROXY_PASSWORD, SECRET_ACCESS_KEY, SESSION_TOKEN));
    List<String> leaks = new ArrayList<>();
    List<String> logLines = new ArrayList<>();
    List<Run> runs = new ArrayList<>();
    // An instance type the baked table lacks, so the boot signs an EC2 call with the secret key and session token.
    String instance = CrashConsistencyIT.resource("demo/instance.json").replace("\"m5.large\"", "\"m10i.large\"");
    String instanceTypes = "{\"instanceTypes\": {\"m10i.large\": {\"vcpus\": 2, \"memoryMiB\": 8192, "
        + "\"maximumNetworkInterfaces\": 3, \"ipv4AddressesPerInterface\": 10, \"hypervisor\": \"nitro\"}}}";
    try (MetadataEmulator imds = MetadataEmulator.start(instance); Ec2Emulator ec2 = Ec2Emulator.start(instanceTypes)) {
      Map<String, String> environment = new HashMap<>(imds.environment());
      environment.putAll(ec2.environment());
      environment.put("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEKEYID0001");
      environment.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
      environment.put("AWS_SESSION_TOKEN", SESSION_TOKEN);
      for (List<String> args : List.of(
          List.of("plan", "--root", root.toString(), "--explain", "--debug"),
          List.of("plan", "--root", root.toString(), "--explain", "--output", "json", "--debug"),
          List.of("bootstrap", "--root", root.toString(), "--debug"),
          List.of("bootstrap", "--root", root.toString(), "--output", "json", "--debug"))) {
        Run run = run(args, environment, work);
        assertEquals(0, run.code(), args + ":\n" + run.stdout() + run.stderr());
        runs.add(run);
        run.stderr().lines().forEach(logLines::add);
      }
      assertTrue(ec2.requests().getOrDefault("DescribeInstanceTypes", 0) > 0, "EC2 was called: " + ec2.requests());
      // Read after the runs: every token the emulator handed out during them.
      secrets.addAll(imds.tokens());
      assertTrue(imds.tokens().size() >= 4, "each run took an instance metadata token: " + imds.tokens());
    }
    assertTrue(logLines.stream().anyMatch(line -> line.contains(" DEBUG ")),
        "--debug logged at debug level; standard error was:\n" + String.join("\n", logLines));
    assertTrue(logLines.stream().anyMatch(line -> line.contains(" DEBUG ") && line.contains("software.amazon.awssdk")),
        "the AWS SDK's debug lines are among those checked");
    for (String line : logLines) {
      secrets.stream().filter(line::contains).forEach(secret -> leaks.add("log line: " + line));
    }
    for (Run run : runs) {
      secrets.stream().filter(run.stdout()::contains).forEach(secret -> leaks.add("standard output holds " + secret));
    }
    assertEquals(List.of(), leaks);
    // Reports and world-readable files: SecretsTest's check, with every secret of this run.
    assertEquals(List.of("/etc/eksnode/eksnode.toml", SecretsTest.PROXY_ENV),
        SecretsTest.holders(root, secrets).stream().sorted().toList());
  }
}
