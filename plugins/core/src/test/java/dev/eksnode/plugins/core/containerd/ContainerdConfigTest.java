package dev.eksnode.plugins.core.containerd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.eksnode.plugins.core.config.NodeSettings;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigProblem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rendering's kubelet switch (CDI from 1.32) in both layouts, and the check of the user's layout against the node's containerd. */
class ContainerdConfigTest {

  private static final String SANDBOX = "602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/pause:3.10";

  private static Map<?, ?> table(Map<String, Object> config, String plugin) {
    return (Map<?, ?>) ((Map<?, ?>) config.get("plugins")).get(plugin);
  }

  @Test
  void cdiIsOnFromKubelet132InBothLayouts() {
    Map<String, Object> v2Before = ContainerdConfig.render(new ContainerdConfig.Inputs(ConfigVersionsTest.CONTAINERD_1_7, SANDBOX, false), List.of(), Map.of());
    Map<String, Object> v2From = ContainerdConfig.render(new ContainerdConfig.Inputs(ConfigVersionsTest.CONTAINERD_1_7, SANDBOX, true), List.of(), Map.of());
    assertFalse(table(v2Before, ConfigVersions.CRI).containsKey("enable_cdi"), "containerd 1.x leaves CDI off when the key is absent");
    assertEquals(true, table(v2From, ConfigVersions.CRI).get("enable_cdi"));
    Map<String, Object> v3Before = ContainerdConfig.render(new ContainerdConfig.Inputs(ConfigVersionsTest.CONTAINERD_2_1, SANDBOX, false), List.of(), Map.of());
    Map<String, Object> v3From = ContainerdConfig.render(new ContainerdConfig.Inputs(ConfigVersionsTest.CONTAINERD_2_1, SANDBOX, true), List.of(), Map.of());
    assertEquals(false, table(v3Before, ConfigVersions.CRI_RUNTIME).get("enable_cdi"));
    assertEquals(true, table(v3From, ConfigVersions.CRI_RUNTIME).get("enable_cdi"));
    assertEquals(3L, v3From.get("version"));
    assertEquals(2L, v2From.get("version"));
  }

  @Test
  void aVersion3DocumentOnContainerd1IsOneProblemAtItsVersionKey() {
    ConfigLocation where = new ConfigLocation("user-data part 1 (application/node.eks.aws)", 9, 7, "spec.containerd.config");
    NodeSettings.Containerd user = new NodeSettings.Containerd(Map.of("version", 3L), Map.of(), where);
    List<ConfigProblem> problems = ContainerdConfig.problems(user, ConfigVersionsTest.CONTAINERD_1_7);
    assertEquals(1, problems.size());
    ConfigProblem problem = problems.getFirst();
    assertEquals("containerd.config.version", problem.key());
    assertEquals(where, problem.location());
    assertEquals("makes a version-3 configuration, which containerd 1.7.25 cannot read", problem.message());
    assertEquals(List.of(), ContainerdConfig.problems(user, ConfigVersionsTest.CONTAINERD_2_1), "containerd 2 reads version 3");
    NodeSettings.Containerd byTable = new NodeSettings.Containerd(
        Map.of("plugins", Map.of(ConfigVersions.CRI_IMAGES, Map.of("max_concurrent_downloads", 4L))), Map.of(), where);
    assertEquals("containerd.config.plugins.\"io.containerd.cri.v1.images\"",
        ContainerdConfig.problems(byTable, ConfigVersionsTest.CONTAINERD_1_7).getFirst().key());
    NodeSettings.Containerd version2 = new NodeSettings.Containerd(Map.of("version", 2L), Map.of(), where);
    assertEquals(List.of(), ContainerdConfig.problems(version2, ConfigVersionsTest.CONTAINERD_1_7));
    assertEquals(List.of(), ContainerdConfig.problems(version2, ConfigVersionsTest.CONTAINERD_2_1), "containerd 2 reads version 2, translated");
  }
}
