package dev.eksnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaxPodsCommandTest {

  private record Output(int code, String out, String err) {}

  private static Output run(String... argv) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()).run(argv);
    return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void printsTheValueThenItsDerivationThenKubeReserved() {
    Output output = run("max-pods", "--instance-type", "m5.large", "--root", "/nonexistent");
    assertEquals(0, output.code(), output.err());
    assertEquals(
        """
        29
        m5.large: 3 ENIs x (10 IPv4 - 1) + 2 = 29 (limits from the built-in table)
        kubeReserved: memory 11 x 29 + 255 = 574Mi, cpu for 2 vCPUs = 70m, ephemeral-storage 1Gi
        """,
        output.out());
  }

  @ParameterizedTest
  @CsvSource({
    "t3.medium, --prefix-delegation, 110", "m5.large, --custom-networking, 20", "t3.medium, --custom-networking, 12",
    "m4.xlarge, --prefix-delegation, 58", "p5.48xlarge, --root=/nonexistent, 100", "m5.24xlarge, --root=/nonexistent, 737"
  })
  void appliesTheModesFormula(String type, String flag, String pods) {
    Output output = run("max-pods", "--instance-type", type, flag);
    assertEquals(pods, output.out().lines().findFirst().orElseThrow());
  }

  @Test
  void everyCurrentTypeIsBuiltIn() {
    Output output = run("max-pods", "--instance-type", "c5.12xlarge", "--root", "/nonexistent");
    assertEquals(0, output.code(), output.err());
    assertEquals(
        """
        234
        c5.12xlarge: 8 ENIs x (30 IPv4 - 1) + 2 = 234 (limits from the built-in table)
        kubeReserved: memory 11 x 234 + 255 = 2829Mi, ephemeral-storage 1Gi; cpu follows the vCPU count, which the built-in table does not hold (--vcpus N gives it; a node counts its own)
        """,
        output.out());
  }

  @Test
  void vcpusGiveTheCpuReservationAndThePrefixDelegationCap() {
    Output output = run("max-pods", "--instance-type", "c5.12xlarge", "--vcpus", "48", "--prefix-delegation");
    assertEquals(0, output.code(), output.err());
    assertEquals("250", output.out().lines().findFirst().orElseThrow());
    assertTrue(output.out().contains("cpu for 48 vCPUs = 190m"), output.out());
  }

  @Test
  void prefixDelegationWithoutAKnownVcpuCountIsRefused() {
    Output output = run("max-pods", "--instance-type", "c5.12xlarge", "--prefix-delegation");
    assertEquals(2, output.code());
    assertTrue(output.err().contains("c5.12xlarge has no vCPU count in the built-in table"), output.err());
    assertTrue(output.err().contains("--vcpus N"), output.err());
  }

  @Test
  void oldVpcCniHasNoPrefixDelegation() {
    Output output = run("max-pods", "--instance-type", "m5.large", "--prefix-delegation", "--cni-version", "1.8.0");
    assertEquals("29", output.out().lines().findFirst().orElseThrow());
    assertTrue(output.out().contains("VPC CNI 1.8.0 has no prefix delegation"), output.out());
  }

  @Test
  void unknownTypeGets110AndItsFamily() {
    Output output = run("max-pods", "--instance-type", "m5.lrage");
    assertEquals(0, output.code());
    assertEquals("110", output.out().lines().findFirst().orElseThrow());
    assertTrue(output.out().contains("known types of that family: m5.12xlarge"), output.out());
  }

  @Test
  void prefersTheTableBakedUnderTheRoot(@TempDir Path root) throws Exception {
    Path table = root.resolve("etc/eksnode/instance-types.json");
    Files.createDirectories(table.getParent());
    Files.writeString(table, "{\"instanceTypes\": {\"z1.tiny\": {\"vcpus\": 1, \"memoryMiB\": 512, \"maximumNetworkInterfaces\": 2, \"ipv4AddressesPerInterface\": 3}}}");
    Output output = run("max-pods", "--root", root.toString(), "--instance-type", "z1.tiny");
    assertEquals("6", output.out().lines().findFirst().orElseThrow());
    assertTrue(output.out().contains("the baked table /etc/eksnode/instance-types.json"), output.out());
  }

  @Test
  void refusesBadUsage() {
    assertEquals(2, run("max-pods").code());
    assertEquals(2, run("max-pods", "--instance-type", "m5.large", "--prefix-delegation", "--custom-networking").code());
    assertEquals(2, run("max-pods", "--instance-type", "m5.large", "--cni-version", "latest").code());
    assertEquals(2, run("max-pods", "--instance-type", "m5.large", "--vcpus", "0").code());
  }
}
