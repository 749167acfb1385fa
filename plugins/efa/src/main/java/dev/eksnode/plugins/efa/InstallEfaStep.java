package dev.eksnode.plugins.efa;

import dev.eksnode.node.Commands;
import dev.eksnode.node.Documents;
import dev.eksnode.node.VersionsManifest;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Installs the EFA software (kernel module and rdma-core, {@code --minimal}: libfabric and MPI belong
 * in the containers) with the AWS EFA installer at the configured version. Installs nothing when the
 * versions manifest already records that version.
 */
final class InstallEfaStep implements Step {

  static final String COMPONENT = "efa-installer";
  static final String DOWNLOAD = "https://efa-installer.amazonaws.com/aws-efa-installer-%s.tar.gz";

  @Override
  public String id() {
    return "efa/install";
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
  public Outcome apply(StepContext context) {
    String version = context.config(EfaSettings.class).installerVersion();
    Host host = context.host();
    if (VersionsManifest.recorded(host, COMPONENT).filter(version::equals).isEmpty()) {
      String archive = "/tmp/aws-efa-installer-" + version + ".tar.gz";
      for (List<String> command : List.of(
          List.of("curl", "-fsSL", "--retry", "3", "-o", archive, String.format(DOWNLOAD, version)),
          List.of("tar", "-xzf", archive, "-C", "/tmp"),
          List.of("env", "-C", "/tmp/aws-efa-installer", "./efa_installer.sh", "-y", "--minimal"),
          List.of("rm", "-rf", "/tmp/aws-efa-installer", archive))) {
        Commands.run(host, command);
      }
    }
    context.contribute(Documents.COMPONENT_VERSIONS, Map.of(COMPONENT, version));
    return Outcome.done();
  }
}
