package dev.eksnode.plugins.core.kubelet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eksnode.node.KubeletVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The kubelet-version switches nodeadm makes ({@code nodeadm/internal/kubelet/config.go} and {@code
 * image-credential-provider.go}), each on both sides; the oracle values are nodeadm's.
 */
class VersionSwitchesTest {

  /** nodeadm's {@code ecrMatchImages}, for every kubelet version. */
  private static final List<String> NODEADM_MATCH_IMAGES = List.of(
      "*.dkr.ecr.*.amazonaws.com",
      "*.dkr-ecr.*.on.aws",
      "*.dkr.ecr.*.amazonaws.com.cn",
      "*.dkr-ecr.*.on.amazonwebservices.com.cn",
      "*.dkr.ecr-fips.*.amazonaws.com",
      "*.dkr-ecr-fips.*.on.aws",
      "*.dkr.ecr.*.c2s.ic.gov",
      "*.dkr.ecr.*.sc2s.sgov.gov",
      "*.dkr.ecr.*.cloud.adc-e.uk",
      "*.dkr.ecr.*.csp.hci.ic.gov",
      "*.dkr.ecr.*.amazonaws.eu",
      "public.ecr.aws");

  private static KubeletVersion kubelet(String version) {
    return KubeletVersion.find(version).orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static List<String> matchImages(String version) {
    Map<String, Object> config = ConfigureEcrCredentialProviderStep.config(kubelet(version));
    Map<String, Object> provider = ((List<Map<String, Object>>) config.get("providers")).getFirst();
    assertEquals("ecr-credential-provider", provider.get("name"));
    assertEquals("12h", provider.get("defaultCacheDuration"));
    assertEquals("credentialprovider.kubelet.k8s.io/v1", provider.get("apiVersion"));
    return (List<String>) provider.get("matchImages");
  }

  @Test
  void theCredentialProviderMatchesEveryEcrEndpointAndEcrPublicsOwnNameFrom132() {
    assertEquals(NODEADM_MATCH_IMAGES, matchImages("v1.31.9"), "1.31: every partition, dual-stack and public.ecr.aws");
    List<String> from132 = new ArrayList<>(NODEADM_MATCH_IMAGES);
    from132.add("ecr-public.aws.com");
    assertEquals(from132, matchImages("v1.32.0"));
    assertEquals(from132, matchImages("v1.35.2"));
  }

  @Test
  void dynamicResourceAllocationFrom133AndMutableCsiNodeAllocatableCountFrom134() {
    assertEquals(Map.of("RotateKubeletServerCertificate", true), RenderKubeletConfigStep.featureGates(kubelet("v1.32.9")));
    assertEquals(Map.of("RotateKubeletServerCertificate", true, "DynamicResourceAllocation", true),
        RenderKubeletConfigStep.featureGates(kubelet("v1.33.0")));
    assertEquals(Map.of("RotateKubeletServerCertificate", true, "DynamicResourceAllocation", true, "MutableCSINodeAllocatableCount", true),
        RenderKubeletConfigStep.featureGates(kubelet("v1.34.0")));
    assertEquals(RenderKubeletConfigStep.featureGates(kubelet("v1.34.0")), RenderKubeletConfigStep.featureGates(kubelet("v1.35.0")));
  }
}
