package dev.eksnode.plugins.core.containerd;

import dev.eksnode.node.text.DeepMerge;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The two layouts of containerd's configuration: version 2, which containerd 1.x reads, and version 3,
 * which containerd 2 reads (version 2's CRI plugin {@code io.containerd.grpc.v1.cri} split into {@code
 * io.containerd.cri.v1.images} and {@code io.containerd.cri.v1.runtime}). What a document is written
 * for, what in it cannot work in the other layout, and the translation from 2 to 3.
 *
 * <p>The translation is the one containerd 2 applies when it loads a version-2 file ({@code
 * containerd config migrate} prints its result): the CRI plugin's image keys move to {@code
 * io.containerd.cri.v1.images} ({@code sandbox_image} becomes {@code pinned_images.sandbox}), its
 * runtime keys to {@code io.containerd.cri.v1.runtime}, its streaming-server keys stay; three plugins
 * are renamed; from containerd 2.1 {@code cni.bin_dir} becomes {@code cni.bin_dirs}.
 * {@code ConfigVersionsIT} checks it against containerd 2.1's own migration.
 */
public final class ConfigVersions {

  /** The CRI plugin of version 2 (in version 3 it keeps only the streaming server). */
  public static final String CRI = "io.containerd.grpc.v1.cri";

  /** Version 3's CRI image service. */
  public static final String CRI_IMAGES = "io.containerd.cri.v1.images";

  /** Version 3's CRI runtime service. */
  public static final String CRI_RUNTIME = "io.containerd.cri.v1.runtime";

  /** Keys of the version-2 CRI plugin that version 3 keeps there (its streaming server). */
  static final Set<String> SERVER_KEYS = Set.of(
      "disable_tcp_service", "stream_server_address", "stream_server_port", "stream_idle_timeout", "enable_tls_streaming",
      "x509_key_pair_streaming");

  /** Keys of the version-2 CRI plugin that move to the image service. */
  static final List<String> IMAGE_KEYS = List.of(
      "registry", "image_decryption", "max_concurrent_downloads", "image_pull_progress_timeout", "image_pull_with_sync_fs",
      "stats_collect_period");

  /** Keys of the version-2 CRI plugin's {@code containerd} table that move to the image service. */
  static final List<String> IMAGE_CONTAINERD_KEYS = List.of("snapshotter", "disable_snapshot_annotations", "discard_unpacked_layers");

  /** Plugins version 3 knows by another name: old name to new. */
  static final Map<String, String> RENAMED = Map.of(
      "io.containerd.monitor.v1.cgroups", "io.containerd.monitor.task.v1.cgroups",
      "io.containerd.internal.v1.restart", "io.containerd.monitor.container.v1.restart");

  private static final String TASK = "io.containerd.runtime.v2.task";
  private static final String SHIM_MANAGER = "io.containerd.shim.v1.manager";

  private ConfigVersions() {}

  /**
   * What a document says about its layout.
   *
   * @param version 2 or 3, or what its {@code version} key holds (which may be neither)
   * @param evidence the keys that say so, from the document's root: {@code [version]}, or the path of
   *     a version-3 plugin table; empty when nothing does (the document then reads as version 2, and
   *     holds nothing that differs between the layouts or only version-2 keys)
   */
  public record Declared(long version, List<String> evidence) {

    public Declared {
      evidence = List.copyOf(evidence);
    }

    /** The evidence as TOML keys, e.g. {@code version} or {@code plugins."io.containerd.cri.v1.images"}. */
    public String evidenceKey() {
      return dotted(evidence);
    }
  }

  /**
   * One thing in a document that cannot work in its layout or in the node's containerd.
   *
   * @param path the offending key from the document's root
   * @param message what is wrong
   * @param suggestion what to write instead
   */
  public record Problem(List<String> path, String message, String suggestion) {

    public Problem {
      path = List.copyOf(path);
    }
  }

  /** The layout {@code document} is written for: its {@code version}, else 3 when it has a version-3 plugin table, else 2. */
  public static Declared declared(Map<String, ?> document) {
    Object version = document.get("version");
    if (version instanceof Number number) {
      return new Declared(number.longValue(), List.of("version"));
    }
    return version3Table(document).map(table -> new Declared(3, List.of("plugins", table))).orElse(new Declared(2, List.of()));
  }

  private static Optional<String> version3Table(Map<String, ?> document) {
    if (document.get("plugins") instanceof Map<?, ?> plugins) {
      for (String table : List.of(CRI_IMAGES, CRI_RUNTIME)) {
        if (plugins.containsKey(table)) {
          return Optional.of(table);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * What in {@code document} contradicts its own layout, whichever containerd reads it: a {@code
   * version} other than 2 or 3, a version-3 table under {@code version = 2}, and in a version-3
   * document version-2 keys (which containerd 2 would ignore there) and old plugin names.
   */
  public static List<Problem> problems(Map<String, ?> document) {
    List<Problem> problems = new ArrayList<>();
    Declared declared = declared(document);
    Object version = document.get("version");
    if (version != null && !(version instanceof Number number && (number.longValue() == 2 || number.longValue() == 3))) {
      problems.add(new Problem(List.of("version"), version + " is not a configuration version eksnode renders",
          "write 2 for containerd 1.x or 3 for containerd 2, or leave version out"));
      return problems;
    }
    Map<?, ?> plugins = document.get("plugins") instanceof Map<?, ?> map ? map : Map.of();
    if (declared.version() == 2) {
      version3Table(document).ifPresent(table -> problems.add(new Problem(List.of("plugins", table),
          "is a version-3 table, and the document says version = 2",
          "write the whole document in one layout: version 3 for containerd 2, version 2 for containerd 1.x")));
    } else {
      if (plugins.get(CRI) instanceof Map<?, ?> cri) {
        for (Object key : cri.keySet()) {
          if (!SERVER_KEYS.contains(String.valueOf(key))) {
            problems.add(new Problem(List.of("plugins", CRI, String.valueOf(key)),
                "is a version-2 key, which containerd 2 ignores in a version-3 document",
                "write it as " + dotted(version3Path(String.valueOf(key)))));
          }
        }
      }
      RENAMED.forEach((old, renamed) -> {
        if (plugins.containsKey(old)) {
          problems.add(new Problem(List.of("plugins", old), "is the version-2 name of a plugin containerd 2 calls " + renamed,
              "write it as " + dotted(List.of("plugins", renamed))));
        }
      });
    }
    return problems;
  }

  /**
   * Whether a document of layout {@code declared} can configure {@code containerd}: a version-3
   * document cannot configure containerd 1.x. (containerd 2 reads version 2, translated by {@link
   * #toVersion3}.)
   */
  public static Optional<Problem> problem(Declared declared, ContainerdVersion containerd) {
    if (declared.version() == 3 && containerd.major() < 2) {
      return Optional.of(new Problem(declared.evidence(),
          "makes a version-3 configuration, which containerd " + containerd + " cannot read",
          "write it in version 2 (plugins.\"" + CRI + "\") for containerd 1.x, or use an image with containerd 2"));
    }
    return Optional.empty();
  }

  /** Where a key of version 2's CRI plugin lives in version 3, from the document's root. */
  static List<String> version3Path(String criKey) {
    if (criKey.equals("sandbox_image")) {
      return List.of("plugins", CRI_IMAGES, "pinned_images", "sandbox");
    }
    if (IMAGE_KEYS.contains(criKey)) {
      return List.of("plugins", CRI_IMAGES, criKey);
    }
    if (SERVER_KEYS.contains(criKey)) {
      return List.of("plugins", CRI, criKey);
    }
    return List.of("plugins", CRI_RUNTIME, criKey);
  }

  /**
   * {@code document} (version 2) in version 3, as containerd {@code target} would read it; a new tree.
   * The {@code version} key is dropped: the document it is merged into says 3.
   */
  public static Map<String, Object> toVersion3(Map<String, ?> document, ContainerdVersion target) {
    Map<String, Object> result = DeepMerge.copy(document);
    result.remove("version");
    if (!(result.get("plugins") instanceof Map<?, ?>)) {
      return result;
    }
    Map<String, Object> plugins = table(result, "plugins");
    RENAMED.forEach((old, renamed) -> {
      if (plugins.containsKey(old)) {
        plugins.put(renamed, plugins.remove(old));
      }
    });
    if (plugins.get(TASK) instanceof Map<?, ?>) {
      Map<String, Object> task = table(plugins, TASK);
      Object schedCore = task.remove("sched_core");
      Map<String, Object> manager = new LinkedHashMap<>();
      if (Boolean.TRUE.equals(schedCore)) {
        manager.put("env", List.of("SCHED_CORE=1"));
      }
      if (schedCore != null) {
        plugins.put(SHIM_MANAGER, manager);
      }
    }
    if (plugins.get(CRI) instanceof Map<?, ?>) {
      splitCri(plugins, target);
    }
    return result;
  }

  private static void splitCri(Map<String, Object> plugins, ContainerdVersion target) {
    Map<String, Object> cri = table(plugins, CRI);
    Map<String, Object> images = plugins.get(CRI_IMAGES) instanceof Map<?, ?> ? table(plugins, CRI_IMAGES) : new LinkedHashMap<>();
    Map<String, Object> runtime = plugins.get(CRI_RUNTIME) instanceof Map<?, ?> ? table(plugins, CRI_RUNTIME) : new LinkedHashMap<>();
    Map<String, Object> server = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : cri.entrySet()) {
      String key = entry.getKey();
      Object value = entry.getValue();
      if (SERVER_KEYS.contains(key)) {
        server.put(key, value);
      } else if (key.equals("sandbox_image")) {
        Map<String, Object> pinned = images.get("pinned_images") instanceof Map<?, ?> ? table(images, "pinned_images") : new LinkedHashMap<>();
        pinned.put("sandbox", value);
        images.put("pinned_images", pinned);
      } else if (IMAGE_KEYS.contains(key)) {
        images.put(key, value);
      } else if (key.equals("cni") && value instanceof Map<?, ?>) {
        runtime.put("cni", cni(table(cri, "cni"), runtime.get("cni"), target));
      } else if (key.equals("containerd") && value instanceof Map<?, ?>) {
        Map<String, Object> containerd = table(cri, "containerd");
        Map<String, Object> moved = runtime.get("containerd") instanceof Map<?, ?> ? table(runtime, "containerd") : new LinkedHashMap<>();
        containerd.forEach((name, setting) -> {
          if (IMAGE_CONTAINERD_KEYS.contains(name)) {
            images.put(name, setting);
          } else {
            moved.putIfAbsent(name, setting);
          }
        });
        if (moved.get("runtimes") instanceof Map<?, ?> runtimes) {
          runtimes.values().forEach(ConfigVersions::sandboxModeToSandboxer);
        }
        runtime.put("containerd", moved);
      } else {
        runtime.putIfAbsent(key, value);
      }
    }
    plugins.remove(CRI);
    if (!server.isEmpty()) {
      plugins.put(CRI, server);
    }
    if (!images.isEmpty()) {
      plugins.put(CRI_IMAGES, images);
    }
    if (!runtime.isEmpty()) {
      plugins.put(CRI_RUNTIME, runtime);
    }
  }

  /** Version 2's {@code cni} table in version 3: from containerd 2.1, {@code bin_dir} becomes {@code bin_dirs}. */
  private static Map<String, Object> cni(Map<String, Object> cni, Object existing, ContainerdVersion target) {
    @SuppressWarnings("unchecked")
    Map<String, Object> result = existing instanceof Map<?, ?> map ? (Map<String, Object>) map : new LinkedHashMap<>();
    cni.forEach((key, value) -> {
      if (key.equals("bin_dir") && target.atLeast(2, 1)) {
        if (!(result.get("bin_dirs") instanceof List<?> dirs) || dirs.isEmpty()) {
          result.put("bin_dirs", List.of(value));
        }
      } else {
        result.putIfAbsent(key, value);
      }
    });
    return result;
  }

  @SuppressWarnings("unchecked")
  private static void sandboxModeToSandboxer(Object runtime) {
    if (runtime instanceof Map<?, ?> map && map.containsKey("sandbox_mode") && !map.containsKey("sandboxer")) {
      Map<String, Object> settings = (Map<String, Object>) map;
      settings.put("sandboxer", settings.remove("sandbox_mode"));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> table(Map<String, Object> parent, String key) {
    return (Map<String, Object>) parent.get(key);
  }

  /** Keys as TOML writes them, quoted where they are not bare: {@code plugins."io.containerd.cri.v1.images"}. */
  public static String dotted(List<String> path) {
    List<String> keys = new ArrayList<>();
    for (String key : path) {
      keys.add(key.matches("[A-Za-z0-9_-]+") ? key : "\"" + key + "\"");
    }
    return String.join(".", keys);
  }
}
