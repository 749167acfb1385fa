package dev.eksnode.plugins.core.image;

import dev.eksnode.node.Commands;
import dev.eksnode.node.Documents;
import dev.eksnode.plugins.core.config.ImageSettings;
import dev.eksnode.plugins.core.config.NodeSettings;
import dev.eksnode.plugins.core.containerd.EcrAccounts;
import dev.eksnode.plugins.core.containerd.RenderContainerdConfigStep;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.ServiceAction;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Image phase: pulls the regional pause image into containerd's {@code k8s.io} namespace, pins it so
 * the kubelet's image garbage collection keeps it, and records it in {@value #SANDBOX_IMAGE_PATH},
 * which the boot phase's containerd configuration uses as {@code sandbox_image}. A booting node then
 * starts its first pod without a registry pull.
 *
 * <p>The ECR password is fetched and passed inside one {@code sh -c} so it never appears in a command
 * line the run report records. Pulls nothing when the marker already names the same image.
 */
public final class CachePauseImageStep implements Step {

  static final String ID = "core/pause-image";

  /** The pause image baked into the image; read by {@code core/containerd-config} at boot. */
  static final String SANDBOX_IMAGE_PATH = RenderContainerdConfigStep.BAKED_SANDBOX_IMAGE;

  static final String PULL_SCRIPT =
      "ctr -n k8s.io images pull --user \"AWS:$(aws ecr get-login-password --region \"$1\")\" \"$2\" >/dev/null";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Phase phase() {
    return Phase.IMAGE;
  }

  @Override
  public Set<DocumentKey<?>> contributesTo() {
    return Set.of(Documents.COMPONENT_VERSIONS);
  }

  @Override
  public Set<String> requires() {
    // containerd has to be installed and placed in its slice before it runs.
    return Set.of(InstallPackagesStep.ID, PlaceUnitsStep.ID);
  }

  @Override
  public Outcome apply(StepContext context) {
    ImageSettings image = context.config(NodeSettings.class).image();
    if (image.kubernetesVersion().isEmpty()) {
      return Outcome.skipped("no [image] section in the configuration");
    }
    if (!image.pauseImage().cache()) {
      return Outcome.skipped("image.pauseImage.cache is false");
    }
    Host host = context.host();
    String region = image.pauseImage().region().or(() -> host.env("AWS_REGION")).orElseThrow(() ->
        new EksnodeException("cannot tell which region's pause image to cache: set image.pauseImage.region or AWS_REGION"));
    String reference = reference(region, image.pauseImage().tag(), image.pauseImage().fips());
    boolean cached = host.readString(SANDBOX_IMAGE_PATH).map(String::strip).filter(reference::equals).isPresent();
    if (!cached) {
      host.service(ServiceAction.START, "containerd.service");
      Commands.run(host, List.of("sh", "-c", PULL_SCRIPT, "pull-pause-image", region, reference));
      Commands.run(host, List.of("ctr", "-n", "k8s.io", "images", "label", reference, "io.cri-containerd.pinned=pinned"));
      host.writeString(SANDBOX_IMAGE_PATH, reference + "\n", 0644);
    }
    context.contribute(Documents.COMPONENT_VERSIONS, Map.of("pause", image.pauseImage().tag()));
    return Outcome.done();
  }

  /**
   * The regional pause image with the given tag, e.g. {@code
   * 602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/pause:3.10}; {@code dkr.ecr-fips} for FIPS in
   * the regions that have it.
   */
  static String reference(String region, String tag, boolean fips) {
    String suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    String image = EcrAccounts.pauseImage(region, suffix, fips);
    return image.substring(0, image.lastIndexOf(':') + 1) + tag;
  }
}
