package dev.eksnode.plugins.core.maxpods;

import java.util.LinkedHashMap;
import java.util.Map;

/** The kubelet's {@code kubeReserved}: resources held back for Kubernetes daemons, from maxPods and vCPUs. */
public final class KubeReserved {

  private KubeReserved() {}

  /** {@code 11 * maxPods + 255} MiB. */
  public static long memoryMiB(int maxPods) {
    return 11L * maxPods + 255;
  }

  /**
   * 6% of the first core, 1% of the second, 0.5% of the third and fourth, 0.25% of every core above
   * four, in millicores, rounded down.
   */
  public static long cpuMillicores(int vcpus) {
    // In hundredths of a millicore, so every step is exact: 6% of 1000m = 6000, 0.25% = 250.
    long cores = Math.max(0, vcpus);
    long hundredths = 6000 * Math.min(cores, 1) + 1000 * Math.clamp(cores - 1, 0, 1)
        + 500 * Math.clamp(cores - 2, 0, 2) + 250 * Math.max(0, cores - 4);
    return hundredths / 100;
  }

  /** The {@code kubeReserved} table: cpu, ephemeral-storage, memory. */
  public static Map<String, Object> of(int maxPods, int vcpus) {
    Map<String, Object> reserved = new LinkedHashMap<>();
    reserved.put("cpu", cpuMillicores(vcpus) + "m");
    reserved.put("ephemeral-storage", "1Gi");
    reserved.put("memory", memoryMiB(maxPods) + "Mi");
    return reserved;
  }

  /** How the values were computed, for {@code eksnode max-pods}. */
  public static String explain(int maxPods, int vcpus) {
    return "memory 11 x " + maxPods + " + 255 = " + memoryMiB(maxPods) + "Mi, cpu for " + vcpus + " vCPUs = "
        + cpuMillicores(vcpus) + "m, ephemeral-storage 1Gi";
  }
}
