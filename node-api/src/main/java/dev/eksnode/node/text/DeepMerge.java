package dev.eksnode.node.text;

import static dev.eksnode.spi.API.Status.EXPERIMENTAL;

import dev.eksnode.spi.API;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges configuration trees the way kubelet drop-ins and containerd overrides do: tables merge key
 * by key, recursively; anything else (scalars and lists) is replaced by the later value.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class DeepMerge {

  private DeepMerge() {}

  /** A new mutable tree: {@code over} laid over {@code base}; neither argument is changed. */
  public static Map<String, Object> merge(Map<String, ?> base, Map<String, ?> over) {
    Map<String, Object> result = copy(base);
    over.forEach((key, value) -> {
      Object existing = result.get(key);
      if (existing instanceof Map<?, ?> left && value instanceof Map<?, ?> right) {
        result.put(key, merge(stringKeys(left), stringKeys(right)));
      } else {
        result.put(key, copyValue(value));
      }
    });
    return result;
  }

  /** A deep, mutable, insertion-ordered copy. */
  public static Map<String, Object> copy(Map<String, ?> tree) {
    Map<String, Object> result = new LinkedHashMap<>();
    tree.forEach((key, value) -> result.put(key, copyValue(value)));
    return result;
  }

  private static Object copyValue(Object value) {
    return switch (value) {
      case Map<?, ?> map -> copy(stringKeys(map));
      case List<?> list -> {
        List<Object> items = new ArrayList<>();
        list.forEach(item -> items.add(copyValue(item)));
        yield items;
      }
      case null, default -> value;
    };
  }

  /** The map with its keys as strings, in the same order. */
  public static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> result = new LinkedHashMap<>();
    map.forEach((key, value) -> result.put(String.valueOf(key), value));
    return result;
  }
}
