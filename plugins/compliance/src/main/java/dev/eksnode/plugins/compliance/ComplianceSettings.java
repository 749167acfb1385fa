package dev.eksnode.plugins.compliance;

import dev.eksnode.spi.ConfigSection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bound {@code [plugins.compliance]} section: the profiles chosen, the rules they select, and the
 * rules the user waived with a reason.
 *
 * <pre>
 * [plugins.compliance]
 * enabled = true
 * profiles = ["cis-level1", "fips"]
 * waive = [{ id = "1.1.2.3", reason = "our CI agents execute from /tmp" }]
 * </pre>
 *
 * @param ruleSet every rule known
 * @param profiles the profiles as configured (before includes)
 * @param waivers rule id to the reason it is waived, in configuration order
 * @param rules the rules the profiles select, in file order
 * @param enforceKubelet whether a selected profile refuses non-compliant kubelet settings at boot
 */
record ComplianceSettings(
    RuleSet ruleSet, List<String> profiles, Map<String, String> waivers, List<Rule> rules, boolean enforceKubelet) {

  /** The profile of a new image when the plugin is enabled without {@code profiles}. */
  static final String DEFAULT_PROFILE = "cis-level1";

  static final Set<String> KEYS = Set.of("enabled", "profiles", "waive");

  ComplianceSettings {
    profiles = List.copyOf(profiles);
    waivers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(waivers));
    rules = List.copyOf(rules);
  }

  /**
   * What {@code bindConfig} returns when the section sets nothing (at most the kernel's {@code
   * enabled}): the defaults, resolved on first use, so a node without compliance never reads the rules
   * (parsing them costs start-up).
   */
  static final class Defaults {
    private volatile ComplianceSettings settings;

    ComplianceSettings get() {
      ComplianceSettings s = settings;
      if (s == null) {
        s = of(RuleSet.builtIn(), List.of(DEFAULT_PROFILE), Map.of());
        settings = s;
      }
      return s;
    }
  }

  /** The settings a step's plugin bound, resolving {@link Defaults}. */
  static ComplianceSettings of(dev.eksnode.spi.StepContext context) {
    Object bound = context.config(Object.class);
    return bound instanceof Defaults defaults ? defaults.get() : (ComplianceSettings) bound;
  }

  /** Settings for the given profiles and waivers, without a configuration (the report command). */
  static ComplianceSettings of(RuleSet ruleSet, List<String> profiles, Map<String, String> waivers) {
    boolean enforce = ruleSet.expand(profiles).stream().anyMatch(p -> ruleSet.profiles().get(p).enforceKubelet());
    return new ComplianceSettings(ruleSet, profiles, waivers, ruleSet.select(profiles), enforce);
  }

  /** The selected rules eksnode applies: not waived, not a documented exception, not manual. */
  List<Rule> appliedRules() {
    return rules.stream().filter(r -> r.applied() && !waivers.containsKey(r.id())).toList();
  }

  /** Binds {@code plugins.compliance}, reporting every problem through the section. */
  static ComplianceSettings bind(ConfigSection root, RuleSet ruleSet) {
    ConfigSection section = root.section("plugins.compliance");
    section.allowOnly(KEYS);
    List<String> profiles = section.strings("profiles").orElse(List.of(DEFAULT_PROFILE));
    List<String> known = new ArrayList<>();
    if (profiles.isEmpty()) {
      section.problem("profiles", "needs at least one profile", "known: " + String.join(", ", ruleSet.profiles().keySet()));
    }
    for (String profile : profiles) {
      if (ruleSet.profiles().containsKey(profile)) {
        known.add(profile);
      } else {
        section.problem("profiles", "unknown profile '" + profile + "'", "known: " + String.join(", ", ruleSet.profiles().keySet()));
      }
    }
    List<Rule> selected = ruleSet.select(known);
    Map<String, String> waivers = new LinkedHashMap<>();
    section.value("waive").ifPresent(value -> {
      if (!(value instanceof List<?> list)) {
        section.problem("waive", "is a list of { id = \"...\", reason = \"...\" } tables");
        return;
      }
      for (int i = 0; i < list.size(); i++) {
        String key = "waive[" + i + "]";
        if (!(list.get(i) instanceof Map<?, ?> entry)) {
          section.problem("waive", key + " is not a table; write { id = \"<rule id>\", reason = \"<why>\" }");
          continue;
        }
        Set<String> extra = new java.util.TreeSet<>();
        entry.keySet().forEach(k -> extra.add(String.valueOf(k)));
        extra.removeAll(Set.of("id", "reason"));
        if (!extra.isEmpty()) {
          section.problem("waive", key + " has unknown keys " + extra + "; only id and reason are allowed");
        }
        Object id = entry.get("id");
        Object reason = entry.get("reason");
        if (!(id instanceof String ruleId) || ruleId.isBlank()) {
          section.problem("waive", key + " needs id, the rule to waive");
          continue;
        }
        if (!(reason instanceof String why) || why.isBlank()) {
          section.problem("waive", key + " (rule " + ruleId + ") needs a reason: a waiver is reported with it");
          continue;
        }
        if (ruleSet.find(ruleId).isEmpty()) {
          section.problem("waive", key + ": no rule '" + ruleId + "'", "rule ids are listed in docs/compliance.md");
        } else if (selected.stream().noneMatch(r -> r.id().equals(ruleId))) {
          section.problem("waive", key + ": rule " + ruleId + " is not in the profiles " + known,
              "it is in " + ruleSet.profilesSelecting(ruleSet.find(ruleId).get()));
        } else if (waivers.putIfAbsent(ruleId, why) != null) {
          section.problem("waive", key + ": rule " + ruleId + " is waived twice");
        }
      }
    });
    List<String> conflicts = RuleSet.conflicts(selected, waivers.keySet());
    for (String conflict : conflicts) {
      section.problem("profiles", "profiles " + known + " conflict: " + conflict, "waive one of the two rules, or drop a profile");
    }
    boolean enforce = ruleSet.expand(known).stream().anyMatch(p -> ruleSet.profiles().get(p).enforceKubelet());
    return new ComplianceSettings(ruleSet, known, waivers, selected, enforce);
  }
}
