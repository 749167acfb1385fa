package dev.eksnode.plugins.core.config;

import dev.eksnode.spi.ConfigSection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Binds and validates the AMI configuration's core sections; every problem carries its key and location. */
public final class ImageSettingsBinder {

  public static final Set<String> SECTIONS = Set.of("image", "boot", "profiles");

  /** Kubernetes minor version: {@code 1.31}. */
  static final Pattern KUBERNETES_VERSION = Pattern.compile("(\\d+)\\.(\\d+)");

  /** A package version, optionally with the distribution's release: {@code 1.7.25}, {@code 1.7.25-1.amzn2023.0.1}. */
  static final Pattern PACKAGE_VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)(-[0-9A-Za-z_.+]+)?");

  static final Pattern IMAGE_TAG = Pattern.compile("[0-9A-Za-z_][0-9A-Za-z_.-]{0,127}");
  static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
  static final Pattern PROFILE_NAME = Pattern.compile("[a-z][a-z0-9-]*");

  /** Sections that only the AMI configuration has; boot defaults and profiles cannot hold them. */
  private static final Set<String> IMAGE_ONLY = SECTIONS;

  private ImageSettingsBinder() {}

  static ImageSettings bind(ConfigSection root) {
    ImageSettings none = ImageSettings.none();
    Optional<String> kubernetesVersion = Optional.empty();
    ImageSettings.Components components = none.components();
    ImageSettings.PauseImage pause = none.pauseImage();
    ConfigSection image = root.section("image");
    if (image.present()) {
      image.allowOnly(Set.of("kubernetesVersion", "components", "pauseImage"));
      kubernetesVersion = image.string("kubernetesVersion").filter(text -> {
        if (!KUBERNETES_VERSION.matcher(text).matches()) {
          image.problem("kubernetesVersion", "\"" + text + "\" is not a Kubernetes minor version", "e.g. 1.31");
          return false;
        }
        return true;
      });
      if (image.value("kubernetesVersion").isEmpty()) {
        image.problem("kubernetesVersion", "is required: the Kubernetes version the image is built for", "e.g. kubernetesVersion = \"1.31\"");
      }
      components = components(image.section("components"), kubernetesVersion);
      pause = pauseImage(image.section("pauseImage"));
    }
    Map<String, Object> boot = root.table("boot").orElse(Map.of());
    forbidImageSections(root.section("boot"));
    Map<String, Map<String, Object>> profiles = new LinkedHashMap<>();
    ConfigSection profileSection = root.section("profiles");
    for (String name : profileSection.keys()) {
      if (!PROFILE_NAME.matcher(name).matches()) {
        profileSection.problem(name, "profile names match [a-z][a-z0-9-]*", "e.g. batch or ml");
      }
      ConfigSection profile = profileSection.section(name);
      forbidImageSections(profile);
      if (profile.value("profile").isPresent()) {
        profile.problem("profile", "a profile cannot select another profile");
      }
      profileSection.table(name).ifPresent(table -> profiles.put(name, table));
    }
    ConfigSection bootSection = root.section("boot");
    bootSection.string("profile").ifPresent(name -> {
      if (!profiles.containsKey(name)) {
        bootSection.problem("profile", "unknown profile '" + name + "'",
            profiles.isEmpty() ? "define it as [profiles." + name + "]" : "defined: " + String.join(", ", profiles.keySet()));
      }
    });
    return new ImageSettings(kubernetesVersion, components, pause, boot, profiles);
  }

  private static void forbidImageSections(ConfigSection section) {
    for (String key : section.keys()) {
      if (IMAGE_ONLY.contains(key)) {
        section.problem(key, "[" + key + "] belongs at the top of the AMI configuration, not in boot defaults");
      }
    }
  }

  private static ImageSettings.Components components(ConfigSection section, Optional<String> kubernetesVersion) {
    section.allowOnly(Set.of("kubelet", "containerd", "runc", "cniPlugins", "ecrCredentialProvider"));
    Optional<String> kubelet = version(section, "kubelet");
    if (section.value("kubelet").isEmpty()) {
      section.problem("kubelet", "is required: the kubelet package version", "e.g. kubelet = \"1.31.2\"");
    }
    if (kubelet.isPresent() && kubernetesVersion.isPresent()) {
      var matcher = PACKAGE_VERSION.matcher(kubelet.get());
      if (matcher.matches() && !(matcher.group(1) + "." + matcher.group(2)).equals(kubernetesVersion.get())) {
        section.problem("kubelet", "kubelet " + kubelet.get() + " is not a " + kubernetesVersion.get() + " release",
            "use a " + kubernetesVersion.get() + ".x kubelet or change image.kubernetesVersion");
      }
    }
    return new ImageSettings.Components(kubelet, version(section, "containerd"), version(section, "runc"),
        version(section, "cniPlugins"), version(section, "ecrCredentialProvider"));
  }

  private static Optional<String> version(ConfigSection section, String key) {
    return section.string(key).filter(text -> {
      if (!PACKAGE_VERSION.matcher(text).matches()) {
        section.problem(key, "\"" + text + "\" is not a package version", "e.g. 1.7.25 or 1.7.25-1.amzn2023.0.1");
        return false;
      }
      return true;
    });
  }

  private static ImageSettings.PauseImage pauseImage(ConfigSection section) {
    section.allowOnly(Set.of("tag", "region", "cache", "fips"));
    String tag = section.string("tag").filter(text -> {
      if (!IMAGE_TAG.matcher(text).matches()) {
        section.problem("tag", "\"" + text + "\" is not an image tag", "e.g. 3.10");
        return false;
      }
      return true;
    }).orElse("3.10");
    Optional<String> region = section.string("region").filter(text -> {
      if (!REGION.matcher(text).matches()) {
        section.problem("region", "\"" + text + "\" is not an AWS region", "e.g. us-west-2");
        return false;
      }
      return true;
    });
    return new ImageSettings.PauseImage(tag, region, section.bool("cache").orElse(true), section.bool("fips").orElse(false));
  }
}
