package dev.eksnode.plugins.soci;

import dev.eksnode.node.Documents;
import dev.eksnode.node.KubeletVersion;
import dev.eksnode.node.LocalStorage;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.node.text.TomlWriter;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.ServiceAction;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns SOCI on for a node with enough memory and CPUs: writes the snapshotter's configuration, puts
 * its data on the instance store when one is mounted, starts it, registers it with containerd as the
 * proxy snapshotter {@code soci} used by the CRI, and points the kubelet's image service at it.
 *
 * <p>The instance store is the first volume of {@link NodeFacts#LOCAL_STORAGE} when the instance-store
 * plugin published it (the step runs after the mounts then), else the first mount under {@code
 * /mnt/k8s-disks/} in {@code /proc/mounts}.
 */
final class ConfigureSnapshotterStep implements Step {

  static final String SOCKET = "/run/soci-snapshotter-grpc/soci-snapshotter-grpc.sock";
  static final String CONFIG = "/etc/soci-snapshotter-grpc/config.toml";
  static final String STORAGE_DROP_IN = "/etc/systemd/system/soci-snapshotter.service.d/10-eksnode-storage.conf";
  static final String SERVICE = "soci-snapshotter.service";
  static final String INSTANCE_STORE_MOUNTS = "/mnt/k8s-disks/";
  static final String MOUNTS = "/proc/mounts";
  static final String MEMINFO = "/proc/meminfo";
  static final String CPUS_ONLINE = "/sys/devices/system/cpu/online";
  static final String CPUINFO = "/proc/cpuinfo";

  private static final Pattern MEM_TOTAL = Pattern.compile("(?m)^MemTotal:\\s+(\\d+)\\s*kB");
  private static final Pattern CPU_RANGE = Pattern.compile("(\\d+)(?:-(\\d+))?");
  private static final Pattern PROCESSOR = Pattern.compile("(?m)^processor\\s*:");

  @Override
  public String id() {
    return "soci/snapshotter";
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
  public Set<FactKey<?>> readsIfPresent() {
    return Set.of(NodeFacts.LOCAL_STORAGE);
  }

  @Override
  public Set<DocumentKey<?>> contributesTo() {
    return Set.of(Documents.CONTAINERD_CONFIG, Documents.KUBELET_CONFIG, Documents.KUBELET_FLAGS);
  }

  @Override
  public Outcome apply(StepContext context) {
    SociSettings settings = context.config(SociSettings.class);
    Host host = context.host();
    Optional<String> tooSmall = belowThresholds(host, settings);
    if (tooSmall.isPresent()) {
      return Outcome.skipped(tooSmall.get());
    }
    String root = settings.rootDirectory()
        .or(() -> context.fact(NodeFacts.LOCAL_STORAGE).flatMap(LocalStorage::firstVolume).filter(m -> !m.contains(" "))
            .or(() -> instanceStoreMount(host)).map(m -> m + "/soci-snapshotter-grpc"))
        .orElse(InstallSnapshotterStep.DEFAULT_ROOT);

    host.writeString(CONFIG, snapshotterConfig(settings.parallelPull()), 0644);
    boolean unitChanged = root.equals(InstallSnapshotterStep.DEFAULT_ROOT)
        ? host.delete(STORAGE_DROP_IN)
        : host.writeString(STORAGE_DROP_IN,
            "# Written by eksnode (soci/snapshotter): snapshotter data on the instance store.\n[Service]\nEnvironment=SOCI_ROOT="
                + root + "\n", 0644);
    if (unitChanged) {
      host.service(ServiceAction.DAEMON_RELOAD, "");
    }
    host.service(ServiceAction.ENABLE, SERVICE);
    host.service(ServiceAction.START, SERVICE);

    context.contribute(Documents.CONTAINERD_CONFIG, containerdConfig(root));
    KubeletVersion kubelet = context.requireFact(NodeFacts.KUBELET_VERSION);
    if (imageServiceEndpointInConfig(kubelet)) {
      context.contribute(Documents.KUBELET_CONFIG, Map.of("imageServiceEndpoint", "unix://" + SOCKET));
    } else {
      context.contribute(Documents.KUBELET_FLAGS, List.of("--image-service-endpoint=unix://" + SOCKET));
    }
    return Outcome.done();
  }

  /** {@code imageServiceEndpoint} is a KubeletConfiguration field from 1.27; older kubelets take the flag. */
  static boolean imageServiceEndpointInConfig(KubeletVersion kubelet) {
    return kubelet.atLeast(1, 27);
  }

  /** Why the node is too small for SOCI, or empty when it qualifies. */
  static Optional<String> belowThresholds(Host host, SociSettings settings) {
    List<String> reasons = new ArrayList<>();
    if (settings.minMemoryGiB() > 0) {
      OptionalLong kib = host.readString(MEMINFO).map(MEM_TOTAL::matcher).filter(Matcher::find)
          .map(m -> OptionalLong.of(Long.parseLong(m.group(1)))).orElse(OptionalLong.empty());
      if (kib.isEmpty()) {
        return Optional.of("cannot read MemTotal from " + MEMINFO + " to check plugins.soci.minMemoryGiB");
      }
      if (kib.getAsLong() < settings.minMemoryGiB() * 1024 * 1024) {
        reasons.add(String.format(java.util.Locale.ROOT, "%.1f GiB memory < %d GiB (plugins.soci.minMemoryGiB)",
            kib.getAsLong() / (1024.0 * 1024.0), settings.minMemoryGiB()));
      }
    }
    if (settings.minVcpus() > 0) {
      OptionalLong cpus = onlineCpus(host);
      if (cpus.isEmpty()) {
        return Optional.of("cannot read " + CPUS_ONLINE + " or " + CPUINFO + " to check plugins.soci.minVcpus");
      }
      if (cpus.getAsLong() < settings.minVcpus()) {
        reasons.add(cpus.getAsLong() + " vCPUs < " + settings.minVcpus() + " (plugins.soci.minVcpus)");
      }
    }
    return reasons.isEmpty() ? Optional.empty() : Optional.of("node below the SOCI thresholds: " + String.join(", ", reasons));
  }

  /** Counts {@code 0-3,6,8-9} in {@code /sys/devices/system/cpu/online}, else the processors of {@code /proc/cpuinfo}. */
  static OptionalLong onlineCpus(Host host) {
    Optional<String> text = host.readString(CPUS_ONLINE).map(String::strip).filter(s -> !s.isEmpty());
    if (text.isEmpty()) {
      long processors = host.readString(CPUINFO).map(info -> PROCESSOR.matcher(info).results().count()).orElse(0L);
      return processors > 0 ? OptionalLong.of(processors) : OptionalLong.empty();
    }
    long count = 0;
    for (String part : text.get().split(",")) {
      Matcher matcher = CPU_RANGE.matcher(part.strip());
      if (!matcher.matches()) {
        return OptionalLong.empty();
      }
      long first = Long.parseLong(matcher.group(1));
      long last = matcher.group(2) == null ? first : Long.parseLong(matcher.group(2));
      count += last - first + 1;
    }
    return OptionalLong.of(count);
  }

  /** The first instance-store mount under {@code /mnt/k8s-disks/} listed in {@code /proc/mounts}, by path. */
  static Optional<String> instanceStoreMount(Host host) {
    return host.readString(MOUNTS).stream()
        .flatMap(String::lines)
        .map(line -> line.split("\\s+"))
        .filter(fields -> fields.length >= 2)
        .map(fields -> fields[1].replace("\\040", " "))
        .filter(mount -> mount.startsWith(INSTANCE_STORE_MOUNTS) && mount.length() > INSTANCE_STORE_MOUNTS.length())
        .filter(mount -> !mount.contains(" "))
        .sorted()
        .findFirst();
  }

  static Map<String, Object> containerdConfig(String root) {
    Map<String, Object> soci = new LinkedHashMap<>();
    soci.put("type", "snapshot");
    soci.put("address", SOCKET);
    soci.put("exports", Map.of("root", root));
    Map<String, Object> containerd = new LinkedHashMap<>();
    containerd.put("snapshotter", "soci");
    containerd.put("disable_snapshot_annotations", false);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("proxy_plugins", Map.of("soci", soci));
    config.put("plugins", Map.of("io.containerd.grpc.v1.cri", Map.of("containerd", containerd)));
    return config;
  }

  static String snapshotterConfig(SociSettings.ParallelPull pull) {
    Map<String, Object> config = new LinkedHashMap<>();
    Map<String, Object> keychain = new LinkedHashMap<>();
    keychain.put("enable_keychain", true);
    keychain.put("image_service_path", "/run/containerd/containerd.sock");
    config.put("cri_keychain", keychain);
    if (pull.enabled()) {
      config.put("content_store", Map.of("type", "containerd"));
      Map<String, Object> unpack = new LinkedHashMap<>();
      unpack.put("enable", true);
      unpack.put("max_concurrent_downloads", pull.maxConcurrentDownloads());
      unpack.put("max_concurrent_downloads_per_image", pull.maxConcurrentDownloadsPerImage());
      unpack.put("concurrent_download_chunk_size", pull.concurrentDownloadChunkSize());
      unpack.put("max_concurrent_unpacks", pull.maxConcurrentUnpacks());
      unpack.put("max_concurrent_unpacks_per_image", pull.maxConcurrentUnpacksPerImage());
      unpack.put("discard_unpacked_layers", pull.discardUnpackedLayers());
      config.put("pull_modes", Map.of("parallel_pull_unpack", unpack));
    }
    return "# Written by eksnode (soci/snapshotter) from [plugins.soci].\n\n" + TomlWriter.write(config);
  }
}
