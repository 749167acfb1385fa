package dev.eksnode.plugins.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pause image reference by region (FACTS.md's account table), tag and FIPS. */
class CachePauseImageStepTest {

  @ParameterizedTest
  @CsvSource({
      "us-west-2, 3.10, false, 602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/pause:3.10",
      "us-west-2, 3.10, true, 602401143452.dkr.ecr-fips.us-west-2.amazonaws.com/eks/pause:3.10",
      "eu-west-1, 3.10, true, 602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/pause:3.10",
      "af-south-1, 3.9, false, 877085696533.dkr.ecr.af-south-1.amazonaws.com/eks/pause:3.9",
      "il-central-1, 3.10, false, 066635153087.dkr.ecr.il-central-1.amazonaws.com/eks/pause:3.10",
      "cn-northwest-1, 3.10, false, 961992271922.dkr.ecr.cn-northwest-1.amazonaws.com.cn/eks/pause:3.10",
      "us-gov-west-1, 3.10, true, 013241004608.dkr.ecr-fips.us-gov-west-1.amazonaws.com/eks/pause:3.10",
      "xx-new-1, 3.10, false, 602401143452.dkr.ecr.xx-new-1.amazonaws.com/eks/pause:3.10"})
  void namesTheRegionalImage(String region, String tag, boolean fips, String expected) {
    assertEquals(expected, CachePauseImageStep.reference(region, tag, fips));
  }
}
