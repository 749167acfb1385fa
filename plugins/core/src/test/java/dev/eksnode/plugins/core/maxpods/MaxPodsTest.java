package dev.eksnode.plugins.core.maxpods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The max-pods values of FACTS.md, from the built-in table. */
class MaxPodsTest {

  private static MaxPods compute(String type, MaxPodsPolicy policy) {
    return MaxPods.compute(BuiltInInstanceTypes.find(type).orElseThrow(), policy, Optional.empty());
  }

  @ParameterizedTest
  @CsvSource({
    "m5.large, 29", "t3.medium, 17", "m5.xlarge, 58", "m4.xlarge, 58", "t3.micro, 4",
    "m5.4xlarge, 234", "m5.24xlarge, 737", "p5.48xlarge, 100"
  })
  void standardFormulaGivesTheFactsValues(String type, int pods) {
    assertEquals(pods, compute(type, MaxPodsPolicy.STANDARD).value());
  }

  @Test
  void explainsTheStandardFormulaWithTheNumbersUsed() {
    assertEquals("m5.large: 3 ENIs x (10 IPv4 - 1) + 2 = 29", compute("m5.large", MaxPodsPolicy.STANDARD).derivation());
  }

  @ParameterizedTest
  @CsvSource({"m5.large, 434", "t3.medium, 242"})
  void prefixDelegationFormulaGivesTheFactsValuesBeforeTheCap(String type, int formula) {
    MaxPods result = compute(type, MaxPodsPolicy.PREFIX_DELEGATION);
    assertTrue(result.derivation().contains("= " + formula + ", capped at 110"), result.derivation());
    assertEquals(110, result.value());
  }

  @Test
  void prefixDelegationCapIs250AboveThirtyVcpus() {
    MaxPods result = compute("m5.24xlarge", MaxPodsPolicy.PREFIX_DELEGATION);
    assertEquals(250, result.value());
    assertTrue(result.derivation().contains("15 ENIs x ((50 IPv4 - 1) x 16) + 2 = 11762"), result.derivation());
  }

  @Test
  void prefixDelegationDoesNotApplyToXenInstances() {
    MaxPods result = compute("m4.xlarge", MaxPodsPolicy.PREFIX_DELEGATION);
    assertEquals(58, result.value());
    assertTrue(result.derivation().startsWith("m4.xlarge is not a Nitro instance type"), result.derivation());
  }

  @Test
  void prefixDelegationNeedsVpcCni19() {
    InstanceTypeLimits limits = BuiltInInstanceTypes.find("m5.large").orElseThrow();
    assertEquals(29, MaxPods.compute(limits, MaxPodsPolicy.PREFIX_DELEGATION, Optional.of("1.8.0")).value());
    assertEquals(110, MaxPods.compute(limits, MaxPodsPolicy.PREFIX_DELEGATION, Optional.of("v1.9.0")).value());
    assertEquals(110, MaxPods.compute(limits, MaxPodsPolicy.PREFIX_DELEGATION, Optional.of("1.19.2-eksbuild.1")).value());
  }

  @ParameterizedTest
  @CsvSource({"m5.large, 20", "t3.medium, 12"})
  void customNetworkingLeavesThePrimaryEniOut(String type, int pods) {
    assertEquals(pods, compute(type, MaxPodsPolicy.CUSTOM_NETWORKING).value());
  }

  @Test
  void prefixDelegationNeedsTheVcpuCountForItsCap() {
    InstanceTypeLimits limits = BuiltInInstanceTypes.find("c5.12xlarge").orElseThrow();
    assertTrue(limits.vcpus().isEmpty());
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> MaxPods.compute(limits, MaxPodsPolicy.PREFIX_DELEGATION, Optional.empty()));
    assertTrue(e.getMessage().contains("not known for c5.12xlarge"), e.getMessage());
    assertEquals(250, MaxPods.compute(limits.withVcpus(48), MaxPodsPolicy.PREFIX_DELEGATION, Optional.empty()).value());
  }

  @Test
  void unknownInstanceTypeGets110() {
    assertEquals(110, MaxPods.unknown("x9.imaginary").value());
  }

  @Test
  void capBitesOnlyAboveTheValue() {
    MaxPods result = compute("m5.4xlarge", MaxPodsPolicy.STANDARD);
    assertEquals(234, result.cappedAt(250, "cap").value());
    MaxPods capped = result.cappedAt(100, "kubelet.maxPods.cap");
    assertEquals(100, capped.value());
    assertTrue(capped.derivation().endsWith("capped at kubelet.maxPods.cap = 100"), capped.derivation());
  }
}
