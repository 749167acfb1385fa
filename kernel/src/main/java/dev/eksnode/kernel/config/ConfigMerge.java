package dev.eksnode.kernel.config;

import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.spi.API;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.ConfigNode.Array;
import dev.eksnode.spi.ConfigNode.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges configuration documents in order, the later over the earlier: tables merge key by key,
 * lists are replaced, and a later scalar wins. Keys listed as append keys (e.g. {@code
 * kubelet.flags}) concatenate their lists instead, which is how nodeadm treats kubelet flags.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ConfigMerge {

  private final Set<String> appendKeys;

  /** @param appendKeys dotted keys whose lists concatenate instead of being replaced */
  public ConfigMerge(Set<String> appendKeys) {
    this.appendKeys = Set.copyOf(appendKeys);
  }

  public Table merge(List<Table> documents, Table base) {
    Table result = base;
    for (Table document : documents) {
      result = mergeTables(result, document, "");
    }
    return result;
  }

  private Table mergeTables(Table lower, Table upper, String prefix) {
    Map<String, ConfigNode> merged = new LinkedHashMap<>(lower.entries());
    upper
        .entries()
        .forEach(
            (key, value) -> {
              String path = prefix.isEmpty() ? key : prefix + "." + key;
              merged.merge(key, value, (before, after) -> mergeNodes(before, after, path));
            });
    return new Table(merged, lower.entries().isEmpty() ? upper.location() : lower.location());
  }

  private ConfigNode mergeNodes(ConfigNode lower, ConfigNode upper, String path) {
    if (lower instanceof Table lowerTable && upper instanceof Table upperTable) {
      return mergeTables(lowerTable, upperTable, path);
    }
    if (lower instanceof Array lowerArray
        && upper instanceof Array upperArray
        && appendKeys.contains(path)) {
      List<ConfigNode> items = new ArrayList<>(lowerArray.items());
      items.addAll(upperArray.items());
      return new Array(items, upperArray.location());
    }
    return upper;
  }
}
