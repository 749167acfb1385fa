package dev.eksnode.plugins.compliance;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.Contribution;
import dev.eksnode.spi.Documents;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stand-in for core's boot rendering until the real join lands on main: renders the kubelet
 * configuration (contributions deep-merged, then the user's {@code kubelet.config} over them, as core
 * does) to {@code /etc/kubernetes/kubelet/config.json}, the service environment, a kubeconfig and a CA.
 */
final class StandInCorePlugin implements Plugin {

  @Override
  public String id() {
    return "core";
  }

  @Override
  public String version() {
    return "0.0.0";
  }

  @Override
  public String description() {
    return "test stand-in for core's rendering steps";
  }

  @Override
  public boolean enabledByDefault() {
    return true;
  }

  @Override
  public Set<String> configSections() {
    return Set.of("kubelet");
  }

  @Override
  public Object bindConfig(ConfigSection config) {
    return config.section("kubelet").table("config").orElse(Map.of());
  }

  @Override
  public List<Step> steps() {
    return List.of(
        step("core/kubelet-config", context -> {
          Map<String, Object> config = new LinkedHashMap<>(Map.of("kind", "KubeletConfiguration"));
          for (Contribution<Map<String, Object>> c : context.contributions(Documents.KUBELET_CONFIG)) {
            merge(config, c.value());
          }
          @SuppressWarnings("unchecked")
          Map<String, Object> user = context.config(Map.class);
          merge(config, user);
          context.host().writeString("/etc/kubernetes/kubelet/config.json", new ObjectMapper().writeValueAsString(config), 0644);
        }),
        step("core/service-environment", context -> {
          StringBuilder text = new StringBuilder("[Manager]\n");
          for (Contribution<Map<String, Map<String, String>>> c : context.contributions(Documents.SERVICE_ENVIRONMENT)) {
            c.value().getOrDefault("default", Map.of())
                .forEach((k, v) -> text.append("DefaultEnvironment=\"").append(k).append('=').append(v).append("\"\n"));
          }
          context.host().writeString("/etc/systemd/system.conf.d/environment.conf", text.toString(), 0644);
        }),
        step("core/kubeconfig", context -> context.host().writeString("/var/lib/kubelet/kubeconfig", "apiVersion: v1\n", 0600)),
        step("core/cluster-ca", context -> context.host().writeString("/etc/kubernetes/pki/ca.crt", "-----BEGIN CERTIFICATE-----\n", 0644)));
  }

  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> into, Map<String, Object> from) {
    from.forEach((key, value) -> {
      if (into.get(key) instanceof Map<?, ?> a && value instanceof Map<?, ?> b) {
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) a);
        merge(copy, (Map<String, Object>) b);
        into.put(key, copy);
      } else {
        into.put(key, value);
      }
    });
  }

  private interface Body {
    void apply(StepContext context) throws Exception;
  }

  private static Step step(String id, Body body) {
    return new Step() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public Phase phase() {
        return Phase.BOOT;
      }

      @Override
      public Outcome apply(StepContext context) throws Exception {
        body.apply(context);
        return Outcome.done();
      }
    };
  }
}
