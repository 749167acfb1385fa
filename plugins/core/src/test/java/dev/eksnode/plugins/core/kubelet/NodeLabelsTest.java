package dev.eksnode.plugins.core.kubelet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeLabelsTest {

  @ParameterizedTest
  @CsvSource({
    "tier, backend",
    "example.com/team, payments",
    "node.kubernetes.io/lifecycle, spot",
    "feature.node.kubernetes.io/cpu-cpuid.AVX512F, true",
    "kubelet.kubernetes.io/x, y",
    "empty-value, ''"
  })
  void kubeletMaySetThese(String key, String value) {
    assertEquals("", NodeLabels.problem(key, value));
  }

  @ParameterizedTest
  @CsvSource({
    "kubernetes.io/role, worker, NodeRestriction",
    "node-role.kubernetes.io/worker, '', NodeRestriction",
    "k8s.io/x, y, NodeRestriction",
    "tier, -bad, 63 characters",
    "tier, way-too-long-value-way-too-long-value-way-too-long-value-way-too-long, 63 characters",
    "Bad_Prefix/x, y, DNS subdomain"
  })
  void refusesWhatTheApiServerWouldRefuse(String key, String value, String reason) {
    String problem = NodeLabels.problem(key, value);
    assertTrue(problem.contains(reason), problem);
  }
}
