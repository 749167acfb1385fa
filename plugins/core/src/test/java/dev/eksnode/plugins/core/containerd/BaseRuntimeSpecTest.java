package dev.eksnode.plugins.core.containerd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksnode.node.text.JsonText;
import dev.eksnode.plugins.core.config.Configs;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaseRuntimeSpecTest {

  private static final BigInteger UNLIMITED = new BigInteger("18446744073709551615");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, Object> limit(String type, Object hard, Object soft) {
    Map<String, Object> limit = new LinkedHashMap<>();
    limit.put("type", type);
    limit.put("hard", hard);
    limit.put("soft", soft);
    return limit;
  }

  private static Map<String, Object> rlimits(Object... limits) {
    return Map.of("process", Map.of("rlimits", List.of(limits)));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rlimitsOf(Map<String, Object> spec) {
    return (List<Map<String, Object>>) ((Map<String, Object>) spec.get("process")).get("rlimits");
  }

  /** NodeConfig user data whose baseRuntimeSpec sets RLIMIT_STACK's hard limit (line 15) to {@code hard}. */
  private static Configs.Result userDataWithStackLimit(String hard) {
    return Configs.userData("""
        apiVersion: node.eks.aws/v1alpha1
        kind: NodeConfig
        spec:
        %s
          containerd:
            baseRuntimeSpec:
              process:
                rlimits:
                  - type: RLIMIT_STACK
                    hard: %s
                    soft: 8388608
        """.formatted(Configs.CLUSTER_YAML, hard));
  }

  @Test
  void aContributedLimitOfAnotherTypeKeepsTheDefaultOpenFileLimit() {
    Map<String, Object> spec = BaseRuntimeSpec.merge(BaseRuntimeSpec.defaults(), rlimits(limit("RLIMIT_MEMLOCK", UNLIMITED, UNLIMITED)));
    assertEquals(
        List.of(limit("RLIMIT_NOFILE", 1048576, 65536), limit("RLIMIT_MEMLOCK", UNLIMITED, UNLIMITED)), rlimitsOf(spec));
    assertEquals(true, ((Map<?, ?>) spec.get("process")).get("noNewPrivileges"), "the rest of process is kept");
  }

  @Test
  void aLaterLimitOfTheSameTypeReplacesTheEarlierInItsPlace() {
    Map<String, Object> spec = BaseRuntimeSpec.merge(BaseRuntimeSpec.defaults(), rlimits(limit("RLIMIT_MEMLOCK", UNLIMITED, UNLIMITED)));
    spec = BaseRuntimeSpec.merge(spec, rlimits(limit("RLIMIT_NOFILE", 4096L, 1024L), limit("RLIMIT_NPROC", 512L, 512L)));
    spec = BaseRuntimeSpec.merge(spec, rlimits(limit("RLIMIT_MEMLOCK", 65536L, 65536L)));
    assertEquals(
        List.of(limit("RLIMIT_NOFILE", 4096L, 1024L), limit("RLIMIT_MEMLOCK", 65536L, 65536L), limit("RLIMIT_NPROC", 512L, 512L)),
        rlimitsOf(spec));
  }

  @Test
  void otherListsAreStillReplacedAndTablesMerged() {
    Map<String, Object> spec = BaseRuntimeSpec.merge(BaseRuntimeSpec.defaults(),
        Map.of("linux", Map.of("readonlyPaths", List.of("/proc/bus")), "process", Map.of("noNewPrivileges", false)));
    Map<?, ?> linux = (Map<?, ?>) spec.get("linux");
    assertEquals(List.of("/proc/bus"), linux.get("readonlyPaths"));
    assertEquals("/default", linux.get("cgroupsPath"));
    assertEquals(false, ((Map<?, ?>) spec.get("process")).get("noNewPrivileges"));
    assertEquals(List.of(limit("RLIMIT_NOFILE", 1048576, 65536)), rlimitsOf(spec));
  }

  @Test
  void mergingChangesNeitherArgument() {
    Map<String, Object> base = BaseRuntimeSpec.defaults();
    String before = JsonText.render(base);
    BaseRuntimeSpec.merge(base, rlimits(limit("RLIMIT_NOFILE", 1L, 1L)));
    assertEquals(before, JsonText.render(base));
  }

  @Test
  void rendersUnlimitedAsTheUnsignedSixtyFourBitMaximum() {
    String text = JsonText.render(rlimits(limit("RLIMIT_MEMLOCK", UNLIMITED, UNLIMITED)));
    assertTrue(text.contains("\"hard\": 18446744073709551615,\n"), text);
    assertTrue(text.contains("\"soft\": 18446744073709551615\n"), text);
  }

  @Test
  void theUsersUnlimitedAndAPluginsUnlimitedBothSurviveReadingMergingAndRendering() throws Exception {
    var result = userDataWithStackLimit("18446744073709551615");
    assertEquals(List.of(), result.messages());
    assertNotNull(result.settings());
    Map<String, Object> spec = BaseRuntimeSpec.merge(BaseRuntimeSpec.defaults(), rlimits(limit("RLIMIT_MEMLOCK", UNLIMITED, UNLIMITED)));
    spec = BaseRuntimeSpec.merge(spec, result.settings().containerd().baseRuntimeSpec());

    JsonNode limits = JSON.readTree(JsonText.render(spec)).path("process").path("rlimits");
    assertEquals(3, limits.size());
    assertEquals("RLIMIT_NOFILE", limits.get(0).path("type").asText());
    assertEquals("RLIMIT_MEMLOCK", limits.get(1).path("type").asText());
    assertEquals(UNLIMITED, limits.get(1).path("hard").bigIntegerValue());
    assertEquals(UNLIMITED, limits.get(1).path("soft").bigIntegerValue());
    assertEquals("RLIMIT_STACK", limits.get(2).path("type").asText());
    assertEquals(UNLIMITED, limits.get(2).path("hard").bigIntegerValue());
    assertEquals(8388608, limits.get(2).path("soft").asLong());
  }

  @Test
  void anIntegerBeyondSixtyFourBitsIsRefusedWithItsLocation() {
    var result = userDataWithStackLimit("18446744073709551616");
    assertEquals(1, result.messages().size(), result.messages().toString());
    assertTrue(result.messages().getFirst().contains("line 15"), result.messages().getFirst());
    assertTrue(result.messages().getFirst().contains("integer 18446744073709551616 is out of range"), result.messages().getFirst());
  }
}
