package dev.eksnode.plugins.core.config;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.LoadedPlugin;
import dev.eksnode.kernel.PluginSet;
import dev.eksnode.kernel.Setup;
import dev.eksnode.kernel.config.ConfigLoader;
import dev.eksnode.kernel.config.ConfigPolicy;
import dev.eksnode.kernel.config.ConfigSource;
import dev.eksnode.plugins.core.CorePlugin;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads user data or files through the kernel with the core plugin, as the CLI does. */
public final class Configs {

  /** A real cluster CA (self-signed, EC P-256), base64 of its PEM. */
  static final String CA = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJnVENDQVNlZ0F3SUJBZ0lVUkhiSjNTbTZxODNBRzJKV0JSUlEvOWVocVRzd0NnWUlLb1pJemowRUF3SXcKRlRFVE1CRUdBMVVFQXd3S2EzVmlaWEp1WlhSbGN6QWdGdzB5TmpFeE1qUXhNVFEzTkRaYUdBOHlNVEkyTVRBegpNVEV4TkRjME5sb3dGVEVUTUJFR0ExVUVBd3dLYTNWaVpYSnVaWFJsY3pCWk1CTUdCeXFHU000OUFnRUdDQ3FHClNNNDlBd0VIQTBJQUJQVCs4T2I5SEZUL3VvYmYrSEl4azlRbXdNTTdzSkJPd1A1VEFjSUdaRmFHcmoyMHJ3QWsKdjhXcFYzSFl3Q282OHo3SldxUGROZnBJQjdrcG1NSlRTaW1qVXpCUk1CMEdBMVVkRGdRV0JCVDR6eUx3WEMyOQo5ejN4N3NCUEFYelU4K2FDcmpBZkJnTlZIU01FR0RBV2dCVDR6eUx3WEMyOTl6M3g3c0JQQVh6VTgrYUNyakFQCkJnTlZIUk1CQWY4RUJUQURBUUgvTUFvR0NDcUdTTTQ5QkFNQ0EwZ0FNRVVDSUh6NGpBWGdkSERMUkVGdzFubGEKd3VjYy9ycHpuTkZQSWtUbkM3dCt0RWVRQWlFQWc5R0VMY2YxOHpOeWNxYWQ5YTZ6MHdLWkNyYTAwbTM5Y2drMQpBUnVKMXZzPQotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==";

  /** A valid cluster section in NodeConfig YAML, indented for spec. */
  public static final String CLUSTER_YAML = """
        cluster:
          name: my-cluster
          apiServerEndpoint: https://0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com
          certificateAuthority: %s
          cidr: 10.100.0.0/16
      """.formatted(CA);

  /**
   * What reading and binding gave.
   *
   * @param settings the bound settings, or null when there were errors
   * @param problems every error and warning, as printed
   */
  public record Result(NodeSettings settings, List<ConfigProblem> problems, ConfigLoader.Loaded loaded) {
    public List<String> messages() {
      return problems.stream().map(p -> (p.isError() ? "" : "warning: ") + p).toList();
    }
  }

  private Configs() {}

  static PluginSet plugins(Plugin... extra) {
    List<LoadedPlugin> plugins = new ArrayList<>();
    plugins.add(new LoadedPlugin(new CorePlugin(), LoadedPlugin.BUILT_IN));
    for (Plugin plugin : extra) {
      plugins.add(new LoadedPlugin(plugin, LoadedPlugin.BUILT_IN));
    }
    return Kernel.of(plugins);
  }

  /** A plugin with an id and nothing else: the owner of a section NodeConfig keys map onto. */
  record SectionOwner(String id) implements Plugin {
    @Override public String version() { return "1.0.0"; }
    @Override public String description() { return "stands in for the " + id + " plugin"; }
    @Override public List<Step> steps() { return List.of(); }
  }

  /** User data read with the core plugin and stand-ins for the plugins NodeConfig keys map onto. */
  static Result userDataWithOwners(String text) {
    return read(List.of(new ConfigSource.Bytes("user-data", text.getBytes(StandardCharsets.UTF_8))), ConfigPolicy.DEFAULT,
        plugins(new SectionOwner("instance-store"), new SectionOwner("proxy"), new SectionOwner("soci")));
  }

  public static Result userData(String text) {
    return userData(text.getBytes(StandardCharsets.UTF_8), ConfigPolicy.DEFAULT);
  }

  static Result userData(byte[] bytes, ConfigPolicy policy) {
    return read(List.of(new ConfigSource.Bytes("user-data", bytes)), policy, plugins());
  }

  /** Loads and binds like the CLI: every problem of reading and binding together. */
  static Result read(List<ConfigSource> sources, ConfigPolicy policy, PluginSet plugins) {
    ConfigLoader.Loaded loaded = Kernel.configLoader(plugins, policy, Map.of()).load(sources);
    List<ConfigProblem> problems = new ArrayList<>(loaded.problems());
    NodeSettings settings = null;
    try {
      Setup setup = Kernel.bind(plugins, loaded.merged(), policy);
      problems.addAll(setup.warnings());
      settings = (NodeSettings) setup.bound().get("core");
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    if (problems.stream().anyMatch(ConfigProblem::isError)) {
      settings = null;
    }
    return new Result(settings, loaded.inSourceOrder(problems), loaded);
  }
}
