package dev.eksnode.plugins.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class KubernetesNamesTest {

  @Test
  void followsTheSelfLabellingRule() {
    assertTrue(KubernetesNames.selfLabelAllowed("team"));
    assertTrue(KubernetesNames.selfLabelAllowed("example.com/team"));
    assertTrue(KubernetesNames.selfLabelAllowed("node.kubernetes.io/instance-type"));
    assertTrue(KubernetesNames.selfLabelAllowed("feature.node.kubernetes.io/cpu-model.vendor_id"));
    assertTrue(KubernetesNames.selfLabelAllowed("kubelet.kubernetes.io/x"));
    assertFalse(KubernetesNames.selfLabelAllowed("kubernetes.io/role"));
    assertFalse(KubernetesNames.selfLabelAllowed("node-role.kubernetes.io/worker"));
    assertFalse(KubernetesNames.selfLabelAllowed("k8s.io/x"));
    assertFalse(KubernetesNames.selfLabelAllowed("sub.k8s.io/x"));
    assertTrue(KubernetesNames.selfLabelAllowed("notkubernetes.io/x"), "a different domain that merely ends alike");
  }

  @Test
  void checksQualifiedNames() {
    assertEquals(Optional.empty(), KubernetesNames.checkQualifiedName("karpenter.sh/nodepool"));
    assertEquals(Optional.of("has more than one '/'"), KubernetesNames.checkQualifiedName("a/b/c"));
    assertEquals(Optional.of("has a name part of 64 characters; at most 63 are allowed"), KubernetesNames.checkQualifiedName("x".repeat(64)));
    assertEquals(Optional.of("is empty"), KubernetesNames.checkQualifiedName(""));
  }

  @Test
  void checksLabelValues() {
    assertEquals(Optional.empty(), KubernetesNames.checkLabelValue(""));
    assertEquals(Optional.empty(), KubernetesNames.checkLabelValue("a.b_c-d"));
    assertTrue(KubernetesNames.checkLabelValue("a b").isPresent());
  }
}
