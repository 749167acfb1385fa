package dev.eksnode.plugins.core.config;

import java.util.Map;
import java.util.Optional;

/**
 * The AMI configuration the core plugin owns: {@code [image]} (what the image phase installs), {@code
 * [boot]} (the boot defaults baked into {@code /etc/eksnode/eksnode.toml}) and {@code [profiles.<name>]}
 * (workload presets baked beside them). Bound and validated by {@link ImageSettingsBinder}.
 *
 * @param kubernetesVersion the Kubernetes minor version, e.g. {@code 1.31}; empty when no image section is set
 * @param components the pinned versions of the core components
 * @param pauseImage the pause (sandbox) image to cache and pin
 * @param boot the boot defaults, as plain TOML values, in source order
 * @param profiles workload profiles by name, each a fragment of boot configuration
 */
public record ImageSettings(
    Optional<String> kubernetesVersion,
    Components components,
    PauseImage pauseImage,
    Map<String, Object> boot,
    Map<String, Map<String, Object>> profiles) {

  /**
   * {@code [image.components]}: package versions, each as the distribution's package manager takes it
   * ({@code 1.7.25} or {@code 1.7.25-1.amzn2023.0.1}).
   */
  public record Components(
      Optional<String> kubelet,
      Optional<String> containerd,
      Optional<String> runc,
      Optional<String> cniPlugins,
      Optional<String> ecrCredentialProvider) {

    /** Package name to version for every component set, in install order. */
    public Map<String, String> packages() {
      Map<String, String> packages = new java.util.LinkedHashMap<>();
      containerd.ifPresent(v -> packages.put("containerd", v));
      runc.ifPresent(v -> packages.put("runc", v));
      cniPlugins.ifPresent(v -> packages.put("containernetworking-plugins", v));
      kubelet.ifPresent(v -> packages.put("kubelet", v));
      ecrCredentialProvider.ifPresent(v -> packages.put("ecr-credential-provider", v));
      return packages;
    }
  }

  /**
   * {@code [image.pauseImage]}.
   *
   * @param tag the pause image tag, {@code 3.10} by default
   * @param region the region whose ECR account serves it; empty means {@code AWS_REGION} at build time
   * @param cache whether to pull and pin it into containerd at image build
   * @param fips pull it from the region's {@code dkr.ecr-fips} endpoint where there is one
   */
  public record PauseImage(String tag, Optional<String> region, boolean cache, boolean fips) {}

  /** No image configuration: what a boot run or an image run without {@code [image]} binds. */
  public static ImageSettings none() {
    return new ImageSettings(Optional.empty(),
        new Components(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
        new PauseImage("3.10", Optional.empty(), false, false), Map.of(), Map.of());
  }
}
