package dev.eksnode.plugins.nvidia;

import dev.eksnode.node.Documents;
import dev.eksnode.node.InstanceInfo;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.plugins.nvidia.GpuQuery.Gpu;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Labels the node the way NVIDIA GPU Feature Discovery would ({@code nvidia.com/gpu.product} and the
 * rest), from an {@code nvidia-smi} query, so GPU workloads can be scheduled before GFD runs. The
 * product, memory, family, compute capability and MIG capability are the first GPU's; the count is all
 * of them.
 */
final class GpuLabelsStep implements Step {

  static final String PREFIX = "nvidia.com/";
  static final String DMI_PRODUCT = "/sys/class/dmi/id/product_name";

  @Override
  public String id() {
    return "nvidia/gpu-labels";
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Set<FactKey<?>> readsIfPresent() {
    return Set.of(NodeFacts.INSTANCE);
  }

  @Override
  public Set<DocumentKey<?>> contributesTo() {
    return Set.of(Documents.NODE_LABELS);
  }

  @Override
  public Outcome apply(StepContext context) {
    Host host = context.host();
    if (PciDevices.nvidiaGpus(host).isEmpty()) {
      return Outcome.skipped("no NVIDIA device");
    }
    List<Gpu> gpus = GpuQuery.run(host);
    Optional<String> machine =
        context.fact(NodeFacts.INSTANCE).map(InstanceInfo::instanceType)
            .or(() -> host.readString(DMI_PRODUCT).map(String::strip).filter(s -> !s.isEmpty()));
    context.contribute(Documents.NODE_LABELS, labels(gpus, machine, context.config(NvidiaSettings.class)));
    return Outcome.done();
  }

  static Map<String, String> labels(List<Gpu> gpus, Optional<String> machine, NvidiaSettings settings) {
    Gpu first = gpus.getFirst();
    boolean shared = settings.timeSlicingReplicas() > 1;
    Map<String, String> labels = new TreeMap<>();
    labels.put(PREFIX + "gpu.present", "true");
    LabelValues.sanitise(first.name() + (shared ? "-SHARED" : ""))
        .ifPresent(product -> labels.put(PREFIX + "gpu.product", product));
    labels.put(PREFIX + "gpu.count", Integer.toString(gpus.size()));
    labels.put(PREFIX + "gpu.memory", Long.toString(first.memoryMiB()));
    labels.put(PREFIX + "gpu.family", first.family());
    labels.put(PREFIX + "gpu.compute.major", Integer.toString(first.computeMajor()));
    labels.put(PREFIX + "gpu.compute.minor", Integer.toString(first.computeMinor()));
    String[] driver = first.driverVersion().split("\\.");
    String[] parts = {"major", "minor", "rev"};
    for (int i = 0; i < parts.length && i < driver.length; i++) {
      int index = i;
      LabelValues.sanitise(driver[i]).ifPresent(value -> labels.put(PREFIX + "cuda.driver." + parts[index], value));
    }
    machine.flatMap(LabelValues::sanitise).ifPresent(value -> labels.put(PREFIX + "gpu.machine", value));
    labels.put(PREFIX + "mig.capable", Boolean.toString(first.migCapable()));
    labels.put(PREFIX + "gpu.replicas", Integer.toString(settings.timeSlicingReplicas()));
    labels.put(PREFIX + "gpu.sharing-strategy", shared ? "time-slicing" : "none");
    return labels;
  }
}
