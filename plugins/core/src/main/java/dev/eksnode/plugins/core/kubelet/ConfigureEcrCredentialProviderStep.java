package dev.eksnode.plugins.core.kubelet;

import dev.eksnode.node.Documents;
import dev.eksnode.node.KubeletVersion;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.node.text.JsonText;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the kubelet's image credential provider configuration for ECR and contributes the two
 * kubelet flags that point at it (they cannot live in the kubelet configuration file).
 */
public final class ConfigureEcrCredentialProviderStep implements Step {

  static final String ID = "core/ecr-credential-provider";
  static final String CONFIG_PATH = "/etc/eks/image-credential-provider/config.json";
  static final String BIN_DIR = "/etc/eks/image-credential-provider";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Set<FactKey<?>> reads() {
    return Set.of(NodeFacts.KUBELET_VERSION);
  }

  @Override
  public Set<DocumentKey<?>> contributesTo() {
    return Set.of(Documents.KUBELET_FLAGS);
  }

  @Override
  public Outcome apply(StepContext context) {
    KubeletVersion version = context.requireFact(NodeFacts.KUBELET_VERSION);
    context.host().writeString(CONFIG_PATH, JsonText.render(config(version)), 0644);
    context.contribute(
        Documents.KUBELET_FLAGS,
        List.of("--image-credential-provider-config=" + CONFIG_PATH, "--image-credential-provider-bin-dir=" + BIN_DIR));
    return Outcome.done();
  }

  static Map<String, Object> config(KubeletVersion version) {
    List<String> matchImages =
        new ArrayList<>(
            List.of(
                "*.dkr.ecr.*.amazonaws.com",
                "*.dkr.ecr.*.amazonaws.com.cn",
                "*.dkr.ecr-fips.*.amazonaws.com",
                "*.dkr.ecr.*.c2s.ic.gov",
                "*.dkr.ecr.*.sc2s.sgov.gov"));
    if (version.atLeast(1, 32)) {
      matchImages.add("public.ecr.aws");
    }
    Map<String, Object> provider = new LinkedHashMap<>();
    provider.put("name", "ecr-credential-provider");
    provider.put("matchImages", matchImages);
    provider.put("defaultCacheDuration", "12h");
    provider.put("apiVersion", "credentialprovider.kubelet.k8s.io/v1");
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("apiVersion", "kubelet.config.k8s.io/v1");
    config.put("kind", "CredentialProviderConfig");
    config.put("providers", List.of(provider));
    return config;
  }
}
