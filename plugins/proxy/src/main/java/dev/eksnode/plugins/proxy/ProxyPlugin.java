package dev.eksnode.plugins.proxy;

import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import java.util.List;

/** Sends containerd, the kubelet and eksnode's own AWS calls through an HTTP(S) proxy. */
public final class ProxyPlugin implements Plugin {

  @Override
  public String id() {
    return "proxy";
  }

  @Override
  public String version() {
    return "0.1.0";
  }

  @Override
  public String description() {
    return "HTTP(S) proxy for containerd, the kubelet and eksnode itself; NO_PROXY completed from the node and cluster.";
  }

  @Override
  public String requiresKernel() {
    return ">=0.1.0";
  }

  @Override
  public Object bindConfig(ConfigSection config) {
    return ProxyConfig.bind(config.section("plugins.proxy"));
  }

  @Override
  public List<ConfigKey> configKeys() {
    return ProxyConfig.CONFIG_KEYS;
  }

  @Override
  public List<Step> steps() {
    return List.of(new WriteProxyEnvironmentStep(), new InstallProxyCaStep());
  }

  @Override
  public List<String> ownedPaths() {
    return List.of(
        WriteProxyEnvironmentStep.ENV_FILE,
        "/etc/systemd/system/*.service.d/" + WriteProxyEnvironmentStep.DROP_IN_NAME,
        WriteProxyEnvironmentStep.MANAGER_DROP_IN,
        InstallProxyCaStep.ANCHOR);
  }
}
