package dev.eksnode.plugins.proxy;

import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.List;
import java.util.Set;

/**
 * Adds the proxy's CA to the system trust store, so containerd, the kubelet and eksnode trust a proxy
 * that intercepts TLS.
 */
final class InstallProxyCaStep implements Step {

  static final String ANCHOR = "/etc/pki/ca-trust/source/anchors/eksnode-proxy-ca.pem";

  @Override
  public String id() {
    return "proxy/ca-bundle";
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  /**
   * Before the step that publishes the proxy settings: the steps that start containerd and the kubelet
   * read those settings, so they run after the CA is trusted too.
   */
  @Override
  public Set<String> before() {
    return Set.of("proxy/environment");
  }

  @Override
  public Outcome apply(StepContext context) {
    ProxyConfig config = context.config(ProxyConfig.class);
    if (config.caBundle().isEmpty()) {
      if (context.host().delete(ANCHOR)) {
        context.host().run(List.of("update-ca-trust", "extract"));
        return Outcome.done();
      }
      return Outcome.skipped("no caBundle configured");
    }
    String pem = config.caBundle().get().strip() + "\n";
    if (context.host().writeString(ANCHOR, pem, 0644)) {
      context.host().run(List.of("update-ca-trust", "extract"));
    }
    return Outcome.done();
  }
}
