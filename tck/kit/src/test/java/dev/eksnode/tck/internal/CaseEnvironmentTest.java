package dev.eksnode.tck.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.tck.BaseRoots;
import dev.eksnode.tck.fixtures.AwsProbePlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a case's run is given: user data read as configuration, and an EC2 emulator whose calls golden checks. */
class CaseEnvironmentTest {

  @TempDir Path dir;

  private static CaseChecks checks(Path caseDir) {
    BaseRoots roots = BaseRoots.shipped();
    CaseSpec spec = CaseSpec.read(caseDir, roots);
    return new CaseChecks(new CaseRunner(new PluginUnderTest(new AwsProbePlugin(), "built-in"), spec, roots), spec.start(roots));
  }

  private Path probeCase(String userData, String ec2Json, String configToml) throws Exception {
    Path caseDir = dir.resolve("probe");
    Files.createDirectories(caseDir);
    Files.writeString(caseDir.resolve(CaseSpec.CASE_TOML), "base = \"al2023\"\nphases = [\"boot\"]\n");
    if (userData != null) {
      Files.writeString(caseDir.resolve(CaseSpec.USER_DATA), userData);
    }
    if (ec2Json != null) {
      Files.writeString(caseDir.resolve(CaseSpec.EC2), ec2Json);
    }
    if (configToml != null) {
      Files.writeString(caseDir.resolve(CaseSpec.CONFIG), configToml);
    }
    return caseDir;
  }

  private static final String M5_LARGE = "{\"instanceTypes\": {\"m5.large\": {\"vcpus\": 2, \"memoryMiB\": 8192,"
      + " \"maximumNetworkInterfaces\": 3, \"ipv4AddressesPerInterface\": 10, \"hypervisor\": \"nitro\"}}}";

  @Test
  void userDataIsReadAsConfigurationAndEc2CallsAreRecordedAndChecked() throws Exception {
    Path caseDir = probeCase("[plugins.probe]\nenabled = true\ngreeting = \"from user data\"\n", M5_LARGE, null);

    checks(caseDir).golden(SnapshotMode.of(true, Map.of()));

    assertEquals("from user data\n", Files.readString(caseDir.resolve("expected/etc/probe/greeting")));
    assertEquals("credentials true, DescribeInstanceTypes m5.large: HTTP 200\n", Files.readString(caseDir.resolve("expected/etc/probe/ec2")));
    assertEquals("ec2 DescribeInstanceTypes 1\n", Files.readString(caseDir.resolve(CaseSpec.EXPECTED_AWS_CALLS)));
    assertDoesNotThrow(() -> checks(caseDir).golden(SnapshotMode.of(false, Map.of())));

    Files.writeString(caseDir.resolve(CaseSpec.EXPECTED_AWS_CALLS), "# one call expected, two written\nec2 DescribeInstanceTypes 2\n");
    AssertionError error = assertThrows(AssertionError.class, () -> checks(caseDir).golden(SnapshotMode.of(false, Map.of())));
    assertTrue(error.getMessage().contains("AWS API calls differ (no expected-aws-calls.txt means none):\n"), error.getMessage());
    assertTrue(error.getMessage().contains("-ec2 DescribeInstanceTypes 2\n+ec2 DescribeInstanceTypes 1\n"), error.getMessage());
  }

  @Test
  void configTomlComesAfterUserData() throws Exception {
    Path caseDir = probeCase("[plugins.probe]\nenabled = true\ngreeting = \"from user data\"\n", M5_LARGE,
        "[plugins.probe]\ngreeting = \"from config.toml\"\n");

    checks(caseDir).golden(SnapshotMode.of(true, Map.of()));

    assertEquals("from config.toml\n", Files.readString(caseDir.resolve("expected/etc/probe/greeting")));
  }

  @Test
  void withoutEc2JsonTheEmulatorAnswersUnknownRatherThanTheNetwork() throws Exception {
    Path caseDir = probeCase(null, null, "[plugins.probe]\nenabled = true\n");

    checks(caseDir).golden(SnapshotMode.of(true, Map.of()));
    checks(caseDir).contained();

    assertEquals("hello\n", Files.readString(caseDir.resolve("expected/etc/probe/greeting")));
    assertEquals("credentials true, DescribeInstanceTypes m5.large: HTTP 400\n", Files.readString(caseDir.resolve("expected/etc/probe/ec2")));
    assertEquals("ec2 DescribeInstanceTypes 1\n", Files.readString(caseDir.resolve(CaseSpec.EXPECTED_AWS_CALLS)));
  }

  @Test
  void anUpdateDeletesExpectedAwsCallsWhenTheRunMadeNone() throws Exception {
    Path caseDir = probeCase(null, null, "[plugins.probe]\nenabled = false\n");
    Files.writeString(caseDir.resolve(CaseSpec.EXPECTED_AWS_CALLS), "ec2 DescribeInstanceTypes 1\n");

    checks(caseDir).golden(SnapshotMode.of(true, Map.of()));

    assertFalse(Files.exists(caseDir.resolve(CaseSpec.EXPECTED_AWS_CALLS)), "no call, no file");
    assertFalse(Files.exists(caseDir.resolve("expected/etc/probe")), "the disabled plugin did nothing");
    assertDoesNotThrow(() -> checks(caseDir).golden(SnapshotMode.of(false, Map.of())));
  }
}
