package dev.eksnode.plugins.proxy;

import dev.eksnode.node.ClusterInfo;
import dev.eksnode.node.InstanceInfo;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.node.ProxySettings;
import dev.eksnode.node.text.SystemdText;
import dev.eksnode.spi.CommandResult;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.ServiceAction;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the proxy environment into a root-only file, points the configured services at it with
 * drop-ins, and publishes {@link NodeFacts#PROXY} for eksnode's own AWS calls.
 *
 * <p>The URLs never go into a world-readable file: the drop-ins only name the environment file
 * ({@code EnvironmentFile=}), and the run report lists paths, never contents. That is also why the
 * proxy does not go through {@code Documents.SERVICE_ENVIRONMENT}, whose rendered files are not
 * promised to be private.
 */
final class WriteProxyEnvironmentStep implements Step {

  static final String ENV_FILE = "/etc/eksnode/proxy.env";
  static final String DROP_IN_NAME = "20-eksnode-proxy.conf";
  static final String MANAGER_DROP_IN = "/etc/systemd/system.conf.d/" + DROP_IN_NAME;

  /** The instance metadata endpoints, IPv4 and IPv6: always reached directly. */
  static final List<String> METADATA = List.of("169.254.169.254", "fd00:ec2::254");

  private static final List<String> LOCAL = List.of("localhost", "127.0.0.1", "::1");
  private static final List<Cidr> PRIVATE_RANGES =
      List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7").stream()
          .map(c -> Cidr.parse(c).orElseThrow())
          .toList();

  @Override
  public String id() {
    return "proxy/environment";
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Set<FactKey<?>> reads() {
    return Set.of(NodeFacts.INSTANCE, NodeFacts.CLUSTER);
  }

  @Override
  public Set<FactKey<?>> publishes() {
    return Set.of(NodeFacts.PROXY);
  }

  @Override
  public Outcome apply(StepContext context) {
    ProxyConfig config = context.config(ProxyConfig.class);
    if (config.httpProxy().isEmpty() && config.httpsProxy().isEmpty()) {
      return Outcome.skipped("no proxy configured (plugins.proxy.httpProxy or httpsProxy)");
    }
    Host host = context.host();
    List<String> noProxy = noProxy(config, context.requireFact(NodeFacts.INSTANCE), context.requireFact(NodeFacts.CLUSTER), host);
    ProxySettings settings = config.settings(noProxy);
    context.publish(NodeFacts.PROXY, settings);

    boolean changed = host.writeString(ENV_FILE, environmentFile(settings), 0600);
    for (String service : config.services()) {
      changed |= host.writeString(
          "/etc/systemd/system/" + service + ".d/" + DROP_IN_NAME,
          """
          # Written by eksnode (proxy plugin): the proxy environment, kept in a file only root can read.
          [Service]
          EnvironmentFile=%s
          """.formatted(ENV_FILE),
          0644);
    }
    if (config.systemWide()) {
      List<String> words = new ArrayList<>();
      variables(settings).forEach((name, value) -> words.add(SystemdText.defaultEnvironment(name, value)));
      String assignments = String.join(" ", words);
      changed |= host.writeString(
          MANAGER_DROP_IN,
          """
          # Written by eksnode (proxy plugin): the proxy for every service systemd starts.
          [Manager]
          DefaultEnvironment=%s
          """.formatted(assignments),
          0644);
      if (changed) {
        List<String> command = new ArrayList<>(List.of("systemctl", "set-environment"));
        variables(settings).forEach((name, value) -> command.add(name + "=" + value));
        host.run(command);
      }
    } else if (host.delete(MANAGER_DROP_IN)) {
      changed = true;
      host.run(List.of("systemctl", "unset-environment", "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
          "NO_PROXY", "no_proxy"));
    }
    if (changed) {
      host.service(ServiceAction.DAEMON_RELOAD, "");
    }
    return Outcome.done();
  }

  /** The completed NO_PROXY list: the automatic entries first, then the user's, without repeats. */
  static List<String> noProxy(ProxyConfig config, InstanceInfo instance, ClusterInfo cluster, Host host) {
    Set<String> entries = new LinkedHashSet<>();
    if (config.autoNoProxy()) {
      entries.addAll(LOCAL);
      entries.addAll(METADATA);
      entries.add(cluster.serviceCidr());
      entries.addAll(instance.vpcIpv4Cidrs());
      entries.addAll(instance.vpcIpv6Cidrs());
    } else {
      entries.addAll(METADATA);
    }
    apiServerHost(config, instance, cluster, host).ifPresent(entries::add);
    entries.addAll(config.noProxy());
    entries.removeIf(String::isBlank);
    return List.copyOf(entries);
  }

  /** The API server's host when it should be reached directly. */
  private static Optional<String> apiServerHost(ProxyConfig config, InstanceInfo instance, ClusterInfo cluster, Host host) {
    URI endpoint = cluster.apiServerEndpoint();
    if (endpoint == null || endpoint.getHost() == null) {
      return Optional.empty();
    }
    String name = endpoint.getHost();
    String bare = name.startsWith("[") ? name.substring(1, name.length() - 1) : name;
    return switch (config.apiServerDirect()) {
      case "always" -> Optional.of(bare);
      case "never" -> Optional.empty();
      default -> config.autoNoProxy() && isPrivate(bare, instance, host) ? Optional.of(bare) : Optional.empty();
    };
  }

  /**
   * Whether the API server is private: an address (given, or every address its name resolves to) in
   * the VPC or a private range. A name that does not resolve counts as public.
   */
  private static boolean isPrivate(String name, InstanceInfo instance, Host host) {
    List<byte[]> addresses = new ArrayList<>();
    Optional<byte[]> literal = Cidr.literal(name);
    if (literal.isPresent()) {
      addresses.add(literal.get());
    } else {
      CommandResult result = host.probe(List.of("getent", "ahosts", name));
      if (!result.succeeded()) {
        return false;
      }
      for (String line : result.stdout().split("\n")) {
        String[] fields = line.trim().split("\\s+");
        Cidr.literal(fields[0]).ifPresent(addresses::add);
      }
    }
    if (addresses.isEmpty()) {
      return false;
    }
    List<Cidr> ranges = new ArrayList<>(PRIVATE_RANGES);
    instance.vpcIpv4Cidrs().forEach(c -> Cidr.parse(c).ifPresent(ranges::add));
    instance.vpcIpv6Cidrs().forEach(c -> Cidr.parse(c).ifPresent(ranges::add));
    return addresses.stream().allMatch(a -> ranges.stream().anyMatch(r -> r.contains(a)));
  }

  /** Both spellings of each variable, name to value, in a fixed order. */
  static Map<String, String> variables(ProxySettings settings) {
    Map<String, String> variables = new LinkedHashMap<>();
    settings.httpProxy().ifPresent(u -> {
      variables.put("HTTP_PROXY", u.toString());
      variables.put("http_proxy", u.toString());
    });
    settings.httpsProxy().ifPresent(u -> {
      variables.put("HTTPS_PROXY", u.toString());
      variables.put("https_proxy", u.toString());
    });
    String noProxy = String.join(",", settings.noProxy());
    variables.put("NO_PROXY", noProxy);
    variables.put("no_proxy", noProxy);
    return variables;
  }

  /**
   * The environment file in systemd's syntax, so a percent sign, {@code $} or backslash in a password
   * or a NO_PROXY entry stays literal (the binder refuses double quotes in both).
   */
  static String environmentFile(ProxySettings settings) {
    StringBuilder out = new StringBuilder(
        "# Written by eksnode (proxy plugin). Root only (0600): the proxy URLs may carry credentials.\n");
    variables(settings).forEach((name, value) -> out.append(SystemdText.environmentFileLine(name, value)).append('\n'));
    return out.toString();
  }
}
