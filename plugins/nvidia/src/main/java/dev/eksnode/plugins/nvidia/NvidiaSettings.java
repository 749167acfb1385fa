package dev.eksnode.plugins.nvidia;

import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigKey.Type;
import dev.eksnode.spi.ConfigSection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code [plugins.nvidia]} section, bound and validated.
 *
 * @param driverBranch the NVIDIA driver branch installed at image build, e.g. {@code 570}
 * @param toolkitVersion the NVIDIA container toolkit version, e.g. {@code 1.17.8}
 * @param kernelModule which kernel module flavour to install
 * @param migStrategy how the device plugin exposes MIG devices
 * @param timeSlicingReplicas how many pods may share one GPU; 1 means no sharing
 */
record NvidiaSettings(
    String driverBranch, String toolkitVersion, KernelModule kernelModule, MigStrategy migStrategy, int timeSlicingReplicas) {

  static final String DEFAULT_DRIVER_BRANCH = "570";
  static final String DEFAULT_TOOLKIT_VERSION = "1.17.8";

  /**
   * Every key of {@code [plugins.nvidia]} with its type, default and example: what {@code eksnode config
   * schema}, {@code plan --explain} and docs/configuration.md show, and what {@link #bind} allows.
   */
  static final List<ConfigKey> KEYS = List.of(
      key("driverBranch", Type.STRING, DEFAULT_DRIVER_BRANCH, List.of(), "\"580\"",
          "NVIDIA driver branch installed at image build, 3 or 4 digits: dnf module stream nvidia-driver:570-open (or 570-dkms) for 570."),
      key("toolkitVersion", Type.STRING, DEFAULT_TOOLKIT_VERSION, List.of(), "\"1.17.9\"",
          "NVIDIA container toolkit version, X.Y.Z or X.Y.Z-N; every toolkit package is pinned to it."),
      key("kernelModule", Type.STRING, "auto", List.of("auto", "open", "proprietary"), "\"proprietary\"",
          "Kernel module flavour; auto picks proprietary only for a pre-Turing GPU (K80, M60, V100) on the build machine."),
      key("migStrategy", Type.STRING, "none", List.of("none", "single", "mixed"), "\"mixed\"",
          "How the NVIDIA device plugin exposes MIG devices (its flags.migStrategy)."),
      key("timeSlicingReplicas", Type.INTEGER, 1L, List.of(), "4",
          "Pods that may share one GPU through device-plugin time-slicing, 1..1024; 1 turns sharing off."));

  private static final Pattern BRANCH = Pattern.compile("\\d{3,4}");
  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+(-\\d+)?");

  /** Open or proprietary kernel module; {@code AUTO} picks by the GPU generation seen at image build. */
  enum KernelModule {
    AUTO,
    OPEN,
    PROPRIETARY
  }

  /** The device plugin's {@code migStrategy}. */
  enum MigStrategy {
    NONE,
    SINGLE,
    MIXED;

    String configValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static NvidiaSettings bind(ConfigSection section) {
    section.allowOnly(ConfigKey.namesUnder("plugins.nvidia", KEYS));
    String branch = section.string("driverBranch").filter(text -> {
      if (BRANCH.matcher(text).matches()) {
        return true;
      }
      section.problem("driverBranch", "\"" + text + "\" is not a driver branch", "e.g. \"570\"");
      return false;
    }).orElse(DEFAULT_DRIVER_BRANCH);
    String toolkit = section.string("toolkitVersion").filter(text -> {
      if (VERSION.matcher(text).matches()) {
        return true;
      }
      section.problem("toolkitVersion", "\"" + text + "\" is not a version", "e.g. \"1.17.8\"");
      return false;
    }).orElse(DEFAULT_TOOLKIT_VERSION);
    KernelModule module = section.string("kernelModule").map(text -> switch (text.toLowerCase(Locale.ROOT)) {
      case "auto" -> KernelModule.AUTO;
      case "open" -> KernelModule.OPEN;
      case "proprietary" -> KernelModule.PROPRIETARY;
      default -> {
        section.problem("kernelModule", "\"" + text + "\" is not auto, open or proprietary");
        yield KernelModule.AUTO;
      }
    }).orElse(KernelModule.AUTO);
    MigStrategy mig = section.string("migStrategy").map(text -> switch (text.toLowerCase(Locale.ROOT)) {
      case "none" -> MigStrategy.NONE;
      case "single" -> MigStrategy.SINGLE;
      case "mixed" -> MigStrategy.MIXED;
      default -> {
        section.problem("migStrategy", "\"" + text + "\" is not none, single or mixed");
        yield MigStrategy.NONE;
      }
    }).orElse(MigStrategy.NONE);
    long replicas = section.integer("timeSlicingReplicas").orElse(1L);
    if (replicas < 1 || replicas > 1024) {
      section.problem("timeSlicingReplicas", replicas + " is not between 1 and 1024", "1 turns time-slicing off");
      replicas = 1;
    }
    return new NvidiaSettings(branch, toolkit, module, mig, (int) replicas);
  }

  private static ConfigKey key(String name, Type type, Object defaultValue, List<String> allowed, String example, String description) {
    return new ConfigKey("plugins.nvidia." + name, type, Optional.of(defaultValue), allowed, example, description);
  }
}
