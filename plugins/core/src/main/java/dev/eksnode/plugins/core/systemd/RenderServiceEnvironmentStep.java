package dev.eksnode.plugins.core.systemd;

import dev.eksnode.node.Documents;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.node.text.SystemdText;
import dev.eksnode.plugins.core.config.NodeSettings;
import dev.eksnode.spi.Contribution;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.ServiceAction;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders {@link Documents#SERVICE_ENVIRONMENT} ({@code instance.environment} first, contributions over
 * it): a drop-in per service, and for {@code default} a {@code DefaultEnvironment=} for every service.
 * Drop-ins of services no longer listed are removed. Reloads systemd when what it loaded for a service
 * other than the kubelet and containerd is out of date; those two reload and restart in their own
 * steps. Before writing anything it records what systemd loaded at boot ({@link LoadedUnits}).
 */
public final class RenderServiceEnvironmentStep implements Step {

  public static final String ID = "core/service-environment";
  static final String DROP_IN = "00-eksnode-environment.conf";
  static final String UNIT_DIRECTORY = "/etc/systemd/system";
  static final String DEFAULT_PATH = "/etc/systemd/system.conf.d/" + DROP_IN;
  private static final String HEADER = "# Written by eksnode (" + ID + "); changes are overwritten at boot.\n";
  /** What systemd loaded when this step last reloaded it. */
  static final String LOADED = ServiceInputs.STATE_DIRECTORY + "/service-environment.loaded";
  private static final Set<String> OWN_RESTARTS = Set.of(LoadedUnits.KUBELET, LoadedUnits.CONTAINERD);

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Set<FactKey<?>> readsIfPresent() {
    return Set.of(NodeFacts.PROXY);
  }

  @Override
  public Set<FactKey<?>> publishes() {
    return Set.of(LoadedUnits.RELOADED_THIS_RUN);
  }

  @Override
  public Set<DocumentKey<?>> renders() {
    return Set.of(Documents.SERVICE_ENVIRONMENT);
  }

  @Override
  public Outcome apply(StepContext context) {
    Map<String, Map<String, String>> environment = new TreeMap<>();
    context.config(NodeSettings.class).instance().environment()
        .forEach((service, variables) -> environment.computeIfAbsent(service, s -> new TreeMap<>()).putAll(variables));
    for (Contribution<Map<String, Map<String, String>>> contribution : context.contributions(Documents.SERVICE_ENVIRONMENT)) {
      contribution.value().forEach((service, variables) -> environment.computeIfAbsent(service, s -> new TreeMap<>()).putAll(variables));
    }
    Host host = context.host();
    Map<String, String> wanted = new LinkedHashMap<>();
    environment.forEach((service, variables) -> {
      if (variables.isEmpty()) {
        return;
      }
      if (service.equals("default")) {
        StringBuilder text = new StringBuilder(HEADER).append("[Manager]\nDefaultEnvironment=");
        variables.forEach((name, value) -> text.append(SystemdText.defaultEnvironment(name, value)).append(' '));
        text.setLength(text.length() - 1);
        wanted.put(DEFAULT_PATH, text.append('\n').toString());
      } else {
        StringBuilder text = new StringBuilder(HEADER).append("[Service]\n");
        variables.forEach((name, value) -> text.append("Environment=").append(SystemdText.environment(name, value)).append('\n'));
        wanted.put(UNIT_DIRECTORY + "/" + unitName(service) + ".d/" + DROP_IN, text.toString());
      }
    });
    LoadedUnits.recordBoot(host);
    for (Map.Entry<String, String> file : wanted.entrySet()) {
      host.writeString(file.getKey(), file.getValue(), 0600);
    }
    for (String stale : existing(host)) {
      if (!wanted.containsKey(stale)) {
        host.delete(stale);
      }
    }
    if (LoadedUnits.stale(host, RenderServiceEnvironmentStep::affectsOthers, Optional.empty(), LOADED)) {
      host.service(ServiceAction.DAEMON_RELOAD, "");
      String loaded = LoadedUnits.listing(host);
      host.writeString(LOADED, loaded, 0600);
      context.publish(LoadedUnits.RELOADED_THIS_RUN, loaded);
    }
    return Outcome.done();
  }

  /** {@code kubelet} means {@code kubelet.service}; a name with a dot is a unit name already. */
  static String unitName(String service) {
    return service.contains(".") ? service : service + ".service";
  }

  private static List<String> existing(Host host) {
    List<String> found = new java.util.ArrayList<>();
    if (host.exists(DEFAULT_PATH)) {
      found.add(DEFAULT_PATH);
    }
    for (String name : host.list(UNIT_DIRECTORY)) {
      String path = UNIT_DIRECTORY + "/" + name + "/" + DROP_IN;
      if (name.endsWith(".d") && host.exists(path)) {
        found.add(path);
      }
    }
    return found;
  }

  /** Whether a unit file matters to a service other than those that reload and restart in their own steps. */
  private static boolean affectsOthers(String path) {
    return OWN_RESTARTS.stream().map(LoadedUnits::of).noneMatch(own -> own.test(path));
  }
}
