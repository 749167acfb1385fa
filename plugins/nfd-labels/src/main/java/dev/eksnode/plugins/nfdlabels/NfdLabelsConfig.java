package dev.eksnode.plugins.nfdlabels;

import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigKey.Type;
import dev.eksnode.spi.ConfigSection;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code [plugins.nfd-labels]} section, bound and validated.
 *
 * @param groups the label groups that are on
 * @param pciClasses PCI class prefixes (hex) whose devices get a {@code pci-<class>_<vendor>.present} label
 */
record NfdLabelsConfig(Set<Group> groups, List<String> pciClasses) {

  /** The label groups, each from one source. */
  enum Group {
    CPU, KERNEL, SYSTEM, PCI, STORAGE, MEMORY;

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** NFD's default {@code deviceClassWhitelist}: display controllers, processing accelerators, co-processors. */
  static final List<String> DEFAULT_PCI_CLASSES = List.of("03", "0b40", "12");

  /** Every key of {@code [plugins.nfd-labels]}: the binder's known keys, the schema and docs/configuration.md. */
  static final List<ConfigKey> CONFIG_KEYS = List.of(
      new ConfigKey("plugins.nfd-labels.groups", Type.STRING_LIST, Optional.empty(), List.of(), "[\"cpu\", \"kernel\", \"system\"]",
          "Which label groups are computed, of cpu, kernel, system, pci, storage, memory (any case); all six when not set."),
      new ConfigKey("plugins.nfd-labels.pciClasses", Type.STRING_LIST, Optional.empty(), List.of(), "[\"03\", \"0b40\", \"12\", \"02\"]",
          "PCI device class prefixes (2 or 4 hex digits) that get a pci-CLASS_VENDOR.present label; NFD's 03, 0b40, 12 when not set."));

  static final Set<String> KEYS = CONFIG_KEYS.stream()
      .map(k -> k.path().substring("plugins.nfd-labels.".length()))
      .collect(Collectors.toUnmodifiableSet());

  static NfdLabelsConfig bind(ConfigSection section) {
    section.allowOnly(KEYS);
    Set<Group> groups = EnumSet.allOf(Group.class);
    var listed = section.strings("groups");
    if (listed.isPresent()) {
      groups = EnumSet.noneOf(Group.class);
      List<String> unknown = new ArrayList<>();
      for (String name : listed.get()) {
        try {
          groups.add(Group.valueOf(name.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          unknown.add(name);
        }
      }
      if (!unknown.isEmpty()) {
        section.problem("groups", "unknown groups " + unknown, "known: cpu, kernel, system, pci, storage, memory");
      }
    }
    List<String> classes = new ArrayList<>();
    for (String prefix : section.strings("pciClasses").orElse(DEFAULT_PCI_CLASSES)) {
      String hex = prefix.toLowerCase(Locale.ROOT);
      if (!hex.matches("[0-9a-f]{2}([0-9a-f]{2})?")) {
        section.problem(
            "pciClasses", "\"" + prefix + "\" is not a 2- or 4-digit hex PCI class prefix", "e.g. \"03\" or \"0b40\"");
      } else {
        classes.add(hex);
      }
    }
    return new NfdLabelsConfig(Set.copyOf(groups), List.copyOf(classes));
  }
}
