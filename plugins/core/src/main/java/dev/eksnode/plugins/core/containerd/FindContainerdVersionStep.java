package dev.eksnode.plugins.core.containerd;

import dev.eksnode.node.VersionsManifest;
import dev.eksnode.plugins.core.config.NodeSettings;
import dev.eksnode.spi.CommandResult;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.List;
import java.util.Set;

/**
 * Finds the node's containerd version, which decides the configuration layout {@code
 * core/containerd-config} renders: from the versions manifest the image phase wrote ({@code
 * components.containerd} in {@value VersionsManifest#PATH}), else from {@code containerd
 * --version}. Then checks the user's {@code containerd.config} against it ({@link
 * ContainerdConfig#problems}). It only checks ({@link #checksOnly()}): the kernel runs it before any
 * step writes, and a version-3 document on containerd 1.x refuses the run as a configuration problem
 * (exit 2) before anything is written.
 */
public final class FindContainerdVersionStep implements Step {

  public static final String ID = "core/containerd-version";

  /** The node's containerd version. */
  public static final FactKey<ContainerdVersion> VERSION = FactKey.of("core.internal.containerd-version", ContainerdVersion.class);

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public boolean checksOnly() {
    return true;
  }

  @Override
  public Set<FactKey<?>> publishes() {
    return Set.of(VERSION);
  }

  @Override
  public Outcome apply(StepContext context) {
    ContainerdVersion version = find(context.host());
    List<ConfigProblem> problems = ContainerdConfig.problems(context.config(NodeSettings.class).containerd(), version);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    context.publish(VERSION, version);
    return Outcome.done();
  }

  /** The version the manifest records, else the one {@code containerd --version} prints. */
  static ContainerdVersion find(Host host) {
    String recorded = VersionsManifest.recorded(host, "containerd").orElse(null);
    if (recorded != null) {
      return ContainerdVersion.find(recorded).orElseThrow(() -> new EksnodeException(
          VersionsManifest.PATH + ": components.containerd \"" + recorded + "\" holds no version like 1.7.27"));
    }
    CommandResult result = host.probe(List.of("containerd", "--version"));
    if (!result.succeeded()) {
      throw new EksnodeException("cannot tell the containerd version: " + VersionsManifest.PATH
          + " records none and 'containerd --version' exited " + result.exitCode() + ": " + result.stderr().strip());
    }
    return ContainerdVersion.find(result.stdout())
        .orElseThrow(() -> new EksnodeException("'containerd --version' printed no version: " + result.stdout().strip()));
  }
}
