package dev.eksnode.plugins.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eksnode.kernel.config.SectionView;
import dev.eksnode.kernel.config.TomlDocuments;
import dev.eksnode.spi.ConfigProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link ImageSettingsBinder}: the AMI configuration's core sections, bound and checked with locations. */
class ImageSettingsBinderTest {

  private final List<ConfigProblem> problems = new ArrayList<>();

  private ImageSettings bind(String toml) {
    return ImageSettingsBinder.bind(SectionView.root(TomlDocuments.parse("ami.toml", toml), problems, key -> true));
  }

  private List<String> problems() {
    return problems.stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void bindsImageBootAndProfiles() {
    ImageSettings settings = bind("""
        [image]
        kubernetesVersion = "1.31"
        [image.components]
        kubelet = "1.31.2"
        containerd = "1.7.25-1.amzn2023.0.1"
        cniPlugins = "1.6.2"
        [image.pauseImage]
        region = "eu-south-2"
        [boot]
        profile = "batch"
        [boot.kubelet.config]
        maxPods = 58
        [profiles.batch.kubelet.config]
        podPidsLimit = 16384
        """);

    assertEquals(List.of(), problems());
    assertEquals(Optional.of("1.31"), settings.kubernetesVersion());
    assertEquals(Map.of("containerd", "1.7.25-1.amzn2023.0.1", "containernetworking-plugins", "1.6.2", "kubelet", "1.31.2"),
        settings.components().packages());
    assertEquals(List.of("containerd", "containernetworking-plugins", "kubelet"), List.copyOf(settings.components().packages().keySet()));
    assertEquals(new ImageSettings.PauseImage("3.10", Optional.of("eu-south-2"), true, false), settings.pauseImage());
    assertEquals(Map.of("profile", "batch", "kubelet", Map.of("config", Map.of("maxPods", 58L))), settings.boot());
    assertEquals(Map.of("batch", Map.of("kubelet", Map.of("config", Map.of("podPidsLimit", 16384L)))), settings.profiles());
  }

  @Test
  void withoutAnImageSectionNothingIsRequired() {
    ImageSettings settings = bind("[cluster]\nname = \"x\"\n");

    assertEquals(List.of(), problems());
    assertEquals(ImageSettings.none(), settings);
  }

  @Test
  void reportsEveryBadVersionAndKeyAtItsLine() {
    bind("""
        [image]
        kubernetesVersion = "v1.31"
        [image.components]
        runc = "1.1"
        ecrCredentialProvider = 131
        [image.pauseImage]
        tag = "3.10 "
        region = "us-west"
        cache = "yes"
        """);

    assertEquals(List.of(
        "ami.toml, line 2, column 1: image.kubernetesVersion: \"v1.31\" is not a Kubernetes minor version (e.g. 1.31)",
        "ami.toml, line 3, column 1: image.components.kubelet: is required: the kubelet package version (e.g. kubelet = \"1.31.2\")",
        "ami.toml, line 4, column 1: image.components.runc: \"1.1\" is not a package version (e.g. 1.7.25 or 1.7.25-1.amzn2023.0.1)",
        "ami.toml, line 5, column 1: image.components.ecrCredentialProvider: expected a string, found integer 131",
        "ami.toml, line 7, column 1: image.pauseImage.tag: \"3.10 \" is not an image tag (e.g. 3.10)",
        "ami.toml, line 8, column 1: image.pauseImage.region: \"us-west\" is not an AWS region (e.g. us-west-2)",
        "ami.toml, line 9, column 1: image.pauseImage.cache: expected true or false, found string \"yes\""), problems());
  }

  @Test
  void requiresTheKubernetesVersionAndAMatchingKubelet() {
    bind("""
        [image.components]
        kubelet = "1.30.4"
        """);
    bind("""
        [image]
        kubernetesVersion = "1.31"
        [image.components]
        kubelet = "1.30.4"
        """);

    assertEquals(List.of(
        "ami.toml, line 1, column 1: image.kubernetesVersion: is required: the Kubernetes version the image is built for"
            + " (e.g. kubernetesVersion = \"1.31\")",
        "ami.toml, line 4, column 1: image.components.kubelet: kubelet 1.30.4 is not a 1.31 release"
            + " (use a 1.31.x kubelet or change image.kubernetesVersion)"), problems());
  }

  @Test
  void refusesImageSectionsInsideBootDefaultsAndProfilesAndUnknownProfiles() {
    bind("""
        [boot]
        profile = "gpu"
        [boot.image]
        kubernetesVersion = "1.31"
        [profiles.Batch.kubelet]
        configMode = "merge"
        [profiles.ml]
        profile = "batch"
        [profiles.ml.profiles.x]
        a = 1
        """);

    assertEquals(List.of(
        "ami.toml, line 3, column 1: boot.image: [image] belongs at the top of the AMI configuration, not in boot defaults",
        "ami.toml, line 5, column 1: profiles.Batch: profile names match [a-z][a-z0-9-]* (e.g. batch or ml)",
        "ami.toml, line 9, column 1: profiles.ml.profiles: [profiles] belongs at the top of the AMI configuration, not in boot defaults",
        "ami.toml, line 8, column 1: profiles.ml.profile: a profile cannot select another profile",
        "ami.toml, line 2, column 1: boot.profile: unknown profile 'gpu' (defined: Batch, ml)"), problems());
  }
}
