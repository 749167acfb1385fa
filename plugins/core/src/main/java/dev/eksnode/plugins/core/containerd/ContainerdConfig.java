package dev.eksnode.plugins.core.containerd;

import dev.eksnode.plugins.core.config.NodeSettings;
import dev.eksnode.node.text.DeepMerge;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.Contribution;
import dev.eksnode.spi.EksnodeException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * containerd's {@code config.toml} as eksnode renders it, in the layout the node's containerd reads
 * ({@link ConfigVersions}): eksnode's defaults (those of nodeadm's templates), then the plugins'
 * contributions in step order, then the user's {@code containerd.config}, deep-merged. A contribution
 * or user document written for version 2 is translated to version 3 for containerd 2; one written for
 * version 3 cannot configure containerd 1.x.
 */
public final class ContainerdConfig {

  static final String CONFIG_PATH = "/etc/containerd/config.toml";
  static final String BASE_RUNTIME_SPEC_PATH = "/etc/containerd/base-runtime-spec.json";
  static final String SOCKET = "/run/containerd/containerd.sock";
  static final String REGISTRY_CONFIG_PATH = "/etc/containerd/certs.d:/etc/docker/certs.d";
  static final String CNI_BIN_DIR = "/opt/cni/bin";
  static final String CNI_CONF_DIR = "/etc/cni/net.d";

  private ContainerdConfig() {}

  /**
   * What the rendering depends on besides contributions and the user's document.
   *
   * @param containerd the node's containerd
   * @param sandboxImage the pause image
   * @param enableCdi whether the CRI passes CDI devices to the runtime (kubelet 1.32 and later)
   */
  public record Inputs(ContainerdVersion containerd, String sandboxImage, boolean enableCdi) {}

  /**
   * The merged configuration.
   *
   * @param user the user's {@code containerd.config}, whose layout the configuration was checked for
   *     at bind time and against the containerd version ({@link ConfigVersions#problem})
   * @throws EksnodeException naming the step, or {@code containerd.config}, when a contribution or the
   *     user's document is written for a layout the node's containerd cannot read
   */
  public static Map<String, Object> render(Inputs inputs, List<Contribution<Map<String, Object>>> contributions, Map<String, Object> user) {
    ContainerdVersion containerd = inputs.containerd();
    ConfigVersions.problem(ConfigVersions.declared(user), containerd).ifPresent(problem -> {
      throw new EksnodeException("containerd.config." + ConfigVersions.dotted(problem.path()) + " " + problem.message());
    });
    Map<String, Object> config = defaults(inputs);
    for (Contribution<Map<String, Object>> contribution : contributions) {
      ConfigVersions.Declared declared = ConfigVersions.declared(contribution.value());
      Optional<ConfigVersions.Problem> problem = ConfigVersions.problem(declared, containerd);
      if (problem.isPresent()) {
        throw new EksnodeException(contribution.stepId() + " contributes to containerd's configuration: "
            + ConfigVersions.dotted(problem.get().path()) + " " + problem.get().message());
      }
      config = DeepMerge.merge(config, inLayout(contribution.value(), containerd));
    }
    config = DeepMerge.merge(config, inLayout(user, containerd));
    if (containerd.configVersion() == 3) {
      defaultCniBinDir(config);
    }
    return config;
  }

  /**
   * What in the user's {@code containerd.config} the node's containerd cannot read: a version-3
   * document on containerd 1.x, located where the document says its layout. Pure, so that it can run
   * before any step writes.
   */
  public static List<ConfigProblem> problems(NodeSettings.Containerd settings, ContainerdVersion containerd) {
    return ConfigVersions.problem(ConfigVersions.declared(settings.config()), containerd)
        .map(problem -> List.of(new ConfigProblem(settings.layoutLocation(), "containerd.config." + ConfigVersions.dotted(problem.path()),
            problem.message(), problem.suggestion())))
        .orElse(List.of());
  }

  /**
   * Checks the user's {@code containerd.config} in {@code containerd} (the {@code [containerd]} section)
   * for what contradicts its own layout ({@link ConfigVersions#problems}), reporting each key where it
   * was written, and answers where the document says its layout: its {@code version}, else its first
   * version-3 table, else {@code containerd.config} itself. Runs when the configuration is bound.
   */
  public static ConfigLocation checkLayout(ConfigSection containerd) {
    Map<String, Object> config = containerd.table("config").orElse(Map.of());
    ConfigSection section = containerd.section("config");
    for (ConfigVersions.Problem problem : ConfigVersions.problems(config)) {
      section.problem(ConfigVersions.dotted(problem.path()), problem.message(), problem.suggestion());
    }
    List<String> evidence = ConfigVersions.declared(config).evidence();
    return evidence.isEmpty() ? containerd.location("config") : section.location(ConfigVersions.dotted(evidence));
  }

  private static Map<String, ?> inLayout(Map<String, ?> document, ContainerdVersion containerd) {
    return containerd.configVersion() == 3 && ConfigVersions.declared(document).version() == 2
        ? ConfigVersions.toVersion3(document, containerd)
        : document;
  }

  /** eksnode's configuration before contributions and the user's: nodeadm's template for the layout. */
  static Map<String, Object> defaults(Inputs inputs) {
    Map<String, Object> runc = new LinkedHashMap<>();
    runc.put("runtime_type", "io.containerd.runc.v2");
    runc.put("base_runtime_spec", BASE_RUNTIME_SPEC_PATH);
    runc.put("options", ordered("SystemdCgroup", true, "BinaryName", "/usr/sbin/runc"));
    Map<String, Object> plugins = new LinkedHashMap<>();
    if (inputs.containerd().configVersion() == 3) {
      Map<String, Object> images = new LinkedHashMap<>();
      images.put("discard_unpacked_layers", true);
      images.put("pinned_images", ordered("sandbox", inputs.sandboxImage()));
      images.put("registry", ordered("config_path", REGISTRY_CONFIG_PATH));
      Map<String, Object> runtime = new LinkedHashMap<>();
      runtime.put("enable_cdi", inputs.enableCdi());
      runtime.put("containerd", ordered("default_runtime_name", "runc", "runtimes", ordered("runc", runc)));
      // cni.bin_dir is added after the merge unless a contribution or the user set cni.bin_dirs, which
      // containerd 2.1 refuses beside it.
      runtime.put("cni", ordered("conf_dir", CNI_CONF_DIR));
      plugins.put(ConfigVersions.CRI_IMAGES, images);
      plugins.put(ConfigVersions.CRI_RUNTIME, runtime);
    } else {
      Map<String, Object> cri = new LinkedHashMap<>();
      cri.put("sandbox_image", inputs.sandboxImage());
      if (inputs.enableCdi()) {
        // containerd 1.x leaves CDI off unless told; 1.6 does not know the key at all.
        cri.put("enable_cdi", true);
      }
      cri.put("containerd", ordered("default_runtime_name", "runc", "discard_unpacked_layers", true, "runtimes", ordered("runc", runc)));
      cri.put("cni", ordered("bin_dir", CNI_BIN_DIR, "conf_dir", CNI_CONF_DIR));
      cri.put("registry", ordered("config_path", REGISTRY_CONFIG_PATH));
      plugins.put(ConfigVersions.CRI, cri);
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("version", (long) inputs.containerd().configVersion());
    config.put("root", "/var/lib/containerd");
    config.put("state", "/run/containerd");
    config.put("grpc", ordered("address", SOCKET));
    config.put("plugins", plugins);
    return config;
  }

  @SuppressWarnings("unchecked")
  private static void defaultCniBinDir(Map<String, Object> config) {
    if (config.get("plugins") instanceof Map<?, ?> plugins
        && plugins.get(ConfigVersions.CRI_RUNTIME) instanceof Map<?, ?> runtime
        && runtime.get("cni") instanceof Map<?, ?> cni
        && !cni.containsKey("bin_dir")
        && !(cni.get("bin_dirs") instanceof List<?> dirs && !dirs.isEmpty())) {
      Map<String, Object> withBinDir = new LinkedHashMap<>();
      withBinDir.put("bin_dir", CNI_BIN_DIR);
      withBinDir.putAll((Map<String, Object>) cni);
      ((Map<String, Object>) runtime).put("cni", withBinDir);
    }
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
