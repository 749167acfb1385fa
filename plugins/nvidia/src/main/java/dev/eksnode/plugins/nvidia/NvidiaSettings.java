package dev.eksnode.plugins.nvidia;

import dev.eksnode.spi.ConfigSection;
import java.util.Locale;
import java.util.Set;
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
    section.allowOnly(Set.of("enabled", "driverBranch", "toolkitVersion", "kernelModule", "migStrategy", "timeSlicingReplicas"));
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
}
