package dev.eksnode.plugins.core.containerd;

import java.util.Map;
import java.util.Set;

/** The AWS accounts that host EKS images (the pause image among them) in each region's ECR. */
public final class EcrAccounts {

  /** The account of most regions, and the fallback for regions not listed. */
  static final String DEFAULT_ACCOUNT = "602401143452";

  static final String PAUSE_IMAGE = "eks/pause:3.10";

  private static final Map<String, String> BY_REGION =
      Map.ofEntries(
          Map.entry("af-south-1", "877085696533"),
          Map.entry("ap-east-1", "800184023465"),
          Map.entry("ap-south-2", "900889452093"),
          Map.entry("ap-southeast-3", "296578399912"),
          Map.entry("ap-southeast-4", "491585149902"),
          Map.entry("ap-southeast-5", "151610086707"),
          Map.entry("ca-west-1", "761377655185"),
          Map.entry("eu-central-2", "900612956339"),
          Map.entry("eu-south-1", "590381155156"),
          Map.entry("eu-south-2", "455263428931"),
          Map.entry("il-central-1", "066635153087"),
          Map.entry("me-central-1", "759879836304"),
          Map.entry("me-south-1", "558608220178"),
          Map.entry("cn-north-1", "918309763551"),
          Map.entry("cn-northwest-1", "961992271922"),
          Map.entry("us-gov-east-1", "151742754352"),
          Map.entry("us-gov-west-1", "013241004608"));

  /** Regions with an {@code ecr-fips} endpoint. */
  private static final Set<String> FIPS_REGIONS =
      Set.of("us-east-1", "us-east-2", "us-west-1", "us-west-2", "us-gov-east-1", "us-gov-west-1");

  private EcrAccounts() {}

  static String account(String region) {
    return BY_REGION.getOrDefault(region, DEFAULT_ACCOUNT);
  }

  /** The regional pause image, e.g. {@code 602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/pause:3.10}. */
  public static String pauseImage(String region, String dnsSuffix, boolean fips) {
    String service = fips && FIPS_REGIONS.contains(region) ? "dkr.ecr-fips" : "dkr.ecr";
    return account(region) + "." + service + "." + region + "." + dnsSuffix + "/" + PAUSE_IMAGE;
  }
}
