package dev.eksnode.plugins.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.LoadedPlugin;
import dev.eksnode.kernel.RunListener;
import dev.eksnode.kernel.RunOptions;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.Setup;
import dev.eksnode.kernel.StepGraph;
import dev.eksnode.plugins.core.CoreCases;
import dev.eksnode.plugins.core.CorePlugin;
import dev.eksnode.plugins.core.maxpods.InstanceTypeTable;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.Phase;
import dev.eksnode.tck.emulator.BaseRoots;
import dev.eksnode.tck.emulator.Ec2Emulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image phase bakes the instance type table from every page of DescribeInstanceTypes. */
class BakeInstanceTypeTableStepTest {

  @Test
  void bakesTheTableTheBaseRootCarries(@TempDir Path root) throws Exception {
    String baked = new String(BaseRoots.content(BaseRoots.EKS_AL2023, InstanceTypeTable.BAKED_PATH), StandardCharsets.UTF_8);
    String fixture = "{\"pageSize\": 5, \"instanceTypes\": " + new com.fasterxml.jackson.databind.ObjectMapper().readTree(baked).path("instanceTypes") + "}";
    try (Ec2Emulator ec2 = Ec2Emulator.start(fixture)) {
      Map<String, String> env = new HashMap<>(ec2.environment());
      env.put("AWS_REGION", "us-west-2");
      Setup setup = Kernel.bind(Kernel.of(List.of(new LoadedPlugin(new CorePlugin(), LoadedPlugin.BUILT_IN))), ConfigNode.Table.empty(ConfigLocation.of("none")));
      StepGraph.Ordered graph = (StepGraph.Ordered) Kernel.order(setup, Phase.IMAGE);
      RunReport report = Kernel.run(setup, graph, Phase.IMAGE, new RunOptions(root, false, env, CoreCases.CLOCK), RunListener.NONE);
      assertTrue(report.succeeded(), report.steps().toString());
      assertEquals(baked, Files.readString(root.resolve(InstanceTypeTable.BAKED_PATH.substring(1))));
      assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(root.resolve(InstanceTypeTable.BAKED_PATH.substring(1)))));
      assertEquals(Map.of("DescribeInstanceTypes", 3), ec2.requests(), "12 instance types in pages of 5");
    }
  }
}
