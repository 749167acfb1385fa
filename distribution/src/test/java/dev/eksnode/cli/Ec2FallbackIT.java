package dev.eksnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.tck.emulator.BaseRoots;
import dev.eksnode.tck.emulator.Ec2Emulator;
import dev.eksnode.tck.emulator.MetadataEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI (module path) on the fallback path: an instance type the baked table lacks is looked
 * up with the SDK's EC2 client, pointed at the emulator by AWS_ENDPOINT_URL_EC2.
 */
class Ec2FallbackIT {

  @Test
  void bootstrapAsksEc2ForAnInstanceTypeTheImageDoesNotKnow(@TempDir Path root) throws Exception {
    BaseRoots.seed(BaseRoots.EKS_AL2023, root);
    String demoConfig = new String(Cli.class.getResourceAsStream("demo/eksnode.toml").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    Path config = root.resolve("etc/eksnode/eksnode.toml");
    Files.createDirectories(config.getParent());
    Files.writeString(config, demoConfig);
    String instance = new String(Cli.class.getResourceAsStream("demo/instance.json").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
        .replace("\"m5.large\"", "\"m7i-flex.large\"");
    String fixture = "{\"instanceTypes\": {\"m7i-flex.large\": {\"vcpus\": 2, \"memoryMiB\": 8192, \"maximumNetworkInterfaces\": 3, "
        + "\"ipv4AddressesPerInterface\": 10, \"hypervisor\": \"nitro\"}}}";
    try (MetadataEmulator imds = MetadataEmulator.start(instance); Ec2Emulator ec2 = Ec2Emulator.start(fixture)) {
      Path eksnode = Path.of(System.getProperty("eksnode.home", "target/eksnode"), "bin", "eksnode");
      ProcessBuilder builder = new ProcessBuilder(List.of(eksnode.toString(), "bootstrap", "--root", root.toString())).redirectErrorStream(true);
      builder.environment().putAll(imds.environment());
      builder.environment().putAll(ec2.environment());
      Path output = Files.createTempFile("eksnode-bootstrap-", ".out");
      Process process = builder.redirectOutput(output.toFile()).start();
      assertTrue(process.waitFor(120, TimeUnit.SECONDS));
      String text = Files.readString(output);
      Files.delete(output);
      assertEquals(0, process.exitValue(), text);
      assertEquals(Map.of("DescribeInstanceTypes", 1), ec2.requests(), text);
      assertTrue(Files.readString(root.resolve("etc/kubernetes/kubelet/config.json")).contains("\"maxPods\": 29"));
    }
  }
}
