package dev.eksnode.plugins.core.maxpods;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** kubeReserved as FACTS.md states it. */
class KubeReservedTest {

  @ParameterizedTest
  @CsvSource({"1, 60", "2, 70", "3, 75", "4, 80", "5, 82", "8, 90", "16, 110", "32, 150", "64, 230", "96, 310",
      "2147483647, 5368709187"})
  void cpuFollowsTheTieredPercentages(int vcpus, long millicores) {
    assertEquals(millicores, KubeReserved.cpuMillicores(vcpus));
  }

  @ParameterizedTest
  @CsvSource({"29, 574", "58, 893", "110, 1465"})
  void memoryIsElevenMebibytesPerPodPlus255(int pods, long mebibytes) {
    assertEquals(mebibytes, KubeReserved.memoryMiB(pods));
  }

  @Test
  void tableHoldsCpuEphemeralStorageAndMemory() {
    assertEquals(Map.of("cpu", "70m", "ephemeral-storage", "1Gi", "memory", "574Mi"), KubeReserved.of(29, 2));
  }
}
