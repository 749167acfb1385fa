package com.example.acme;

import dev.eksnode.node.Documents;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.ServiceAction;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * At boot: writes the agent's environment from the configuration and the machine (how many NVIDIA
 * GPUs it has), labels the node, and restarts the agent when its environment changed.
 */
final class ConfigureAgentStep implements Step {

  static final String ENV_PATH = "/etc/acme/agent.env";
  private static final String PCI_DEVICES = "/sys/bus/pci/devices";
  private static final String NVIDIA = "0x10de";

  @Override
  public String id() {
    return "acme/agent-config";
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Set<DocumentKey<?>> contributesTo() {
    return Set.of(Documents.NODE_LABELS);
  }

  @Override
  public Outcome apply(StepContext context) {
    AcmeSettings settings = context.config(AcmeSettings.class);
    Host host = context.host();
    int gpus = nvidiaGpus(host);
    String env =
        "ACME_ENDPOINT=" + settings.endpoint() + "\n"
            + "ACME_LOG_LEVEL=" + settings.logLevel() + "\n"
            + "ACME_TAGS=" + String.join(",", settings.tags()) + "\n"
            + "ACME_GPUS=" + gpus + "\n";
    if (host.writeString(ENV_PATH, env, 0640)) {
      host.service(ServiceAction.RESTART, InstallAgentUnitStep.UNIT);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("acme.example.com/agent", "enabled");
    if (gpus > 0) {
      labels.put("acme.example.com/gpu-metrics", "true");
    }
    context.contribute(Documents.NODE_LABELS, labels);
    return Outcome.done();
  }

  /** NVIDIA devices among the PCI devices (vendor 0x10de, display controller class 0x03xxxx). */
  private static int nvidiaGpus(Host host) {
    int count = 0;
    for (String device : host.list(PCI_DEVICES)) {
      String base = PCI_DEVICES + "/" + device;
      boolean nvidia = host.readString(base + "/vendor").map(String::strip).filter(NVIDIA::equals).isPresent();
      boolean display = host.readString(base + "/class").map(String::strip).filter(c -> c.startsWith("0x03")).isPresent();
      if (nvidia && display) {
        count++;
      }
    }
    return count;
  }
}
