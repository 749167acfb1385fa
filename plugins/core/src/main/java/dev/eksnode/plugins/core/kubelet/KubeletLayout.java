package dev.eksnode.plugins.core.kubelet;

import dev.eksnode.node.Documents;
import dev.eksnode.node.KubeletFiles;
import dev.eksnode.node.KubeletVariant;
import dev.eksnode.node.KubeletVersion;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.plugins.core.config.NodeSettings;
import dev.eksnode.spi.Contribution;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.StepContext;
import java.util.Optional;

/**
 * Where the kubelet's files are for this node: the standard paths, moved by the {@link KubeletVariant}
 * in force (Outposts), and what the kubelet version supports.
 *
 * @param variant the variant in force: configuration first, then contributions in step order
 * @param configPath the main configuration file
 * @param dropInDirectory the {@code --config-dir} directory (the main file's path plus {@code .d})
 * @param dropIns whether this kubelet reads drop-ins (1.28 and later)
 * @param dropInsAlpha whether drop-ins need {@code KUBELET_CONFIG_DROPIN_DIR_ALPHA=on} (1.28 and 1.29)
 */
record KubeletLayout(
    KubeletVariant variant, String configPath, String dropInDirectory, boolean dropIns, boolean dropInsAlpha) {

  static final String DEFAULT_CONFIG_PATH = "/etc/kubernetes/kubelet/config.json";
  static final String KUBECONFIG = "/var/lib/kubelet/kubeconfig";
  static final String BOOTSTRAP_KUBECONFIG = "/var/lib/kubelet/bootstrap-kubeconfig";
  static final String USER_DROP_IN = "00-eksnode-user.conf";

  /** The kubeconfig file eksnode writes: the bootstrap one when the variant asks for it. */
  String kubeconfigPath() {
    return variant.bootstrapKubeconfig() ? BOOTSTRAP_KUBECONFIG : KUBECONFIG;
  }

  /**
   * The variant in force, which the step that renders {@link Documents#KUBELET_VARIANT} publishes for
   * the kubelet's other steps.
   */
  static final FactKey<KubeletVariant> VARIANT = FactKey.of("core.internal.kubelet-variant", KubeletVariant.class);

  /**
   * The variant in force: {@code cluster.enableOutpost} first, contributions over it in step order. Read
   * by the step that renders {@link Documents#KUBELET_VARIANT}.
   */
  static KubeletVariant variant(StepContext context) {
    NodeSettings.Cluster cluster = context.config(NodeSettings.class).cluster();
    KubeletVariant variant =
        cluster.enableOutpost() && cluster.id().isPresent() ? KubeletVariant.outpost(cluster.id().get()) : KubeletVariant.STANDARD;
    for (Contribution<KubeletVariant> contribution : context.contributions(Documents.KUBELET_VARIANT)) {
      variant = variant.overriddenBy(contribution.value());
    }
    return variant;
  }

  /** The layout for the variant {@link #VARIANT} published. */
  static KubeletLayout of(StepContext context, KubeletVersion version) {
    KubeletVariant variant = context.requireFact(VARIANT);
    String configPath = variant.kubeletConfigPath().orElse(DEFAULT_CONFIG_PATH);
    return new KubeletLayout(
        variant, configPath, configPath + ".d", version.atLeast(1, 28), version.atLeast(1, 28) && !version.atLeast(1, 30));
  }

  /** Where the kubelet's files are, for {@link NodeFacts#KUBELET_FILES}. */
  KubeletFiles files() {
    return new KubeletFiles(configPath, dropIns ? Optional.of(dropInDirectory) : Optional.empty(), kubeconfigPath(),
        WriteClusterCaStep.PATH);
  }
}
