package dev.eksnode.plugins.compliance;

import java.util.List;

/**
 * A named set of rules, e.g. {@code cis-level1}.
 *
 * @param name the profile's name
 * @param description one sentence for the docs
 * @param includes the profiles whose rules this one also selects
 * @param enforceKubelet whether a kubelet setting that fails a rule fails the boot
 */
record Profile(String name, String description, List<String> includes, boolean enforceKubelet) {
  Profile {
    includes = List.copyOf(includes);
  }
}
