package dev.eksnode.plugins.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.kernel.ChangeObserver;
import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.LoadedPlugin;
import dev.eksnode.kernel.RunListener;
import dev.eksnode.kernel.RunOptions;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.Setup;
import dev.eksnode.kernel.StepGraph;
import dev.eksnode.kernel.StepRecord;
import dev.eksnode.kernel.config.TomlDocuments;
import dev.eksnode.node.Documents;
import dev.eksnode.node.KubeletVariant;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import dev.eksnode.tck.emulator.BaseRoots;
import dev.eksnode.tck.emulator.Ec2Emulator;
import dev.eksnode.tck.emulator.MetadataEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the join behaves beyond single snapshots: hooks, failures, restarts after a change, concurrency. */
class JoinBehaviourTest {

  private static final Path M5_LARGE = CoreCases.CASES.resolve("m5-large-ipv4");

  private static String cluster() throws Exception {
    return Files.readString(M5_LARGE.resolve("config.toml"));
  }

  private static RunReport boot(Path root, String toml, List<Plugin> extra) throws Exception {
    return boot(root, toml, extra, Files.readString(M5_LARGE.resolve("instance.json")));
  }

  private static RunReport boot(Path root, String toml, List<Plugin> extra, String instanceJson) throws Exception {
    return boot(root, toml, extra, instanceJson, ChangeObserver.NONE);
  }

  private static RunReport boot(Path root, String toml, List<Plugin> extra, String instanceJson, ChangeObserver observer)
      throws Exception {
    try (MetadataEmulator imds = MetadataEmulator.start(instanceJson); Ec2Emulator ec2 = Ec2Emulator.empty()) {
      Map<String, String> env = new HashMap<>(imds.environment());
      env.putAll(ec2.environment());
      List<LoadedPlugin> plugins = new ArrayList<>(List.of(new LoadedPlugin(new CorePlugin(), LoadedPlugin.BUILT_IN)));
      extra.forEach(plugin -> plugins.add(new LoadedPlugin(plugin, "test")));
      Setup setup = Kernel.bind(Kernel.of(plugins), TomlDocuments.parse("test.toml", toml));
      StepGraph.Ordered graph = (StepGraph.Ordered) Kernel.order(setup, Phase.BOOT);
      return Kernel.run(setup, graph, Phase.BOOT, new RunOptions(root, false, env, CoreCases.CLOCK, observer), RunListener.NONE);
    }
  }

  private static StepRecord step(RunReport report, String id) {
    return report.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  private static List<String> actions(RunReport report) {
    List<String> actions = new ArrayList<>();
    report.steps().forEach(s -> actions.addAll(s.actions()));
    return actions;
  }

  @Test
  void outpostsHookAddsHostsEntriesAndTheKubeconfigVariantAndMovesTheConfig(@TempDir Path root) throws Exception {
    BaseRoots.seed(BaseRoots.EKS_AL2023, root);
    Plugin outposts = plugin("outposts", context -> {
      context.contribute(Documents.HOSTS_ENTRIES, Map.of("10.0.0.5", List.of("0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com")));
      context.contribute(Documents.KUBELET_VARIANT,
          new KubeletVariant(Optional.of("ab12cd34"), true, Optional.of("/etc/kubernetes/kubelet/outpost.json")));
    }, Set.of(Documents.HOSTS_ENTRIES, Documents.KUBELET_VARIANT), Set.of());
    RunReport first = boot(root, cluster(), List.of(outposts));
    assertTrue(first.succeeded(), () -> CoreCases.stepsNot(first, Set.of("applied", "unchanged", "skipped")).toString());

    String hosts = Files.readString(root.resolve("etc/hosts"));
    assertTrue(hosts.startsWith("127.0.0.1   localhost"), "the image's lines are kept");
    assertTrue(hosts.endsWith("# BEGIN eksnode core/etc-hosts: do not edit this block\n10.0.0.5\t0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com\n"
        + "# END eksnode core/etc-hosts\n"), hosts);
    String kubeconfig = Files.readString(root.resolve("var/lib/kubelet/bootstrap-kubeconfig"));
    assertTrue(kubeconfig.contains("      - --cluster-id\n      - ab12cd34\n"), kubeconfig);
    assertFalse(Files.exists(root.resolve("var/lib/kubelet/kubeconfig")), "the kubelet writes its own kubeconfig after bootstrap");
    assertTrue(Files.exists(root.resolve("etc/kubernetes/kubelet/outpost.json")));
    String dropIn = Files.readString(root.resolve("etc/systemd/system/kubelet.service.d/10-eksnode.conf"));
    for (String flag : List.of("--config=/etc/kubernetes/kubelet/outpost.json ", "--config-dir=/etc/kubernetes/kubelet/outpost.json.d ",
        "--kubeconfig=/var/lib/kubelet/kubeconfig ", "--bootstrap-kubeconfig=/var/lib/kubelet/bootstrap-kubeconfig ")) {
      assertTrue(dropIn.contains(flag), flag + " in\n" + dropIn);
    }

    RunReport second = boot(root, cluster(), List.of(outposts));
    assertEquals(List.of(), CoreCases.stepsNot(second, Set.of("unchanged", "skipped")));
    assertEquals(hosts, Files.readString(root.resolve("etc/hosts")), "the block is replaced, never appended again");
  }

  @Test
  void aChangedKubeletSettingRestartsTheKubeletAlone(@TempDir Path root) throws Exception {
    BaseRoots.seed(BaseRoots.EKS_AL2023, root);
    assertTrue(boot(root, cluster(), List.of()).succeeded());
    RunReport changed = boot(root, cluster() + "\n[kubelet.config]\nregistryPullQPS = 20\n", List.of());
    assertEquals(List.of("systemctl restart kubelet.service"), actions(changed));
    assertEquals("applied", step(changed, "core/kubelet-config").outcome());
    assertEquals("unchanged", step(changed, "core/containerd-config").outcome());
  }

  @Test
  void aChangedContainerdSettingRestartsContainerdAlone(@TempDir Path root) throws Exception {
    BaseRoots.seed(BaseRoots.EKS_AL2023, root);
    assertTrue(boot(root, cluster(), List.of()).succeeded());
    RunReport changed = boot(root, cluster() + "\n[containerd.config]\noom_score = -999\n", List.of());
    assertEquals(List.of("systemctl restart containerd.service"), actions(changed));
  }

  @Test
  void aChangedLabelReloadsSystemdAndRestartsTheKubelet(@TempDir Path root) throws Exception {
    BaseRoots.seed(BaseRoots.EKS_AL2023, root);
    assertTrue(boot(root, cluster(), List.of()).succeeded());
    RunReport changed = boot(root, cluster() + "\n[kubelet.labels]\ntier = \"web\"\n", List.of());
    assertEquals(List.of("systemctl daemon-reload", "systemctl restart kubelet.service"), actions(changed));
  }

  @Test
  void aChangedEnvironmentFileRestartsTheServiceThatNamesItWithoutAReload(@TempDir Path root) throws Exception {
    BaseRoots.seed(BaseRoots.EKS_AL2023, root);
    Plugin agent = plugin("agent", context -> {
      context.host().writeString("/etc/systemd/system/kubelet.service.d/20-agent.conf",
          "[Service]\nEnvironmentFile=-/etc/agent/agent.env\n", 0644);
      context.host().writeString("/etc/agent/agent.env", context.host().env("AGENT_TOKEN").orElse("HTTPS_PROXY=a") + "\n", 0600);
    }, Set.of(), Set.of("core/kubelet-service"));
    assertTrue(boot(root, cluster(), List.of(agent)).succeeded());
    assertEquals(List.of(), actions(boot(root, cluster(), List.of(agent))), "nothing changed, nothing restarted");

    Files.writeString(root.resolve("etc/agent/agent.env"), "HTTPS_PROXY=b\n");
    Plugin keep = plugin("agent", context -> {}, Set.of(), Set.of("core/kubelet-service"));
    assertEquals(List.of("systemctl restart kubelet.service"), actions(boot(root, cluster(), List.of(keep))));
    String inputs = Files.readString(root.resolve("var/lib/eksnode/state/kubelet.service.inputs"));
    assertTrue(inputs.lines().anyMatch(line -> line.endsWith(" 0600 /etc/agent/agent.env")), inputs);
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(root.resolve("var/lib/eksnode/state/kubelet.service.inputs"))),
        "a listing holds digests of private files, so it is private too");
  }

  @Test
  void aConfiguredNodeIpReachesTheKubelet(@TempDir Path root) throws Exception {
    BaseRoots.seed(BaseRoots.EKS_AL2023, root);
    assertTrue(boot(root, cluster() + "\n[instance.network]\nnodeIp = \"10.0.9.9\"\n", List.of()).succeeded());
    String dropIn = Files.readString(root.resolve("etc/systemd/system/kubelet.service.d/10-eksnode.conf"));
    assertTrue(dropIn.contains(" --node-ip=10.0.9.9 "), dropIn);
  }

  /**
   * A first boot that dies right after writing a unit file, before systemd reloaded it: the rerun finds
   * the file already as it should be, and must still reload, or the service restarts on the unit
   * systemd loaded at boot. The crash is the run failing at that file's write; the file is then put in
   * place as the write would have left it.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "the kubelet's drop-in, /etc/systemd/system/kubelet.service.d/10-eksnode.conf, core/kubelet-service",
    "every service's environment, /etc/systemd/system.conf.d/00-eksnode-environment.conf, core/service-environment",
  })
  void aRunKilledBetweenWritingAUnitAndReloadingReloadsOnTheRerun(String what, String unitFile, String reloader,
      @TempDir Path clean, @TempDir Path crashed) throws Exception {
    String toml = cluster() + "\n[instance.environment.default]\nHTTPS_PROXY = \"http://proxy.internal:3128\"\n";
    String instance = Files.readString(M5_LARGE.resolve("instance.json"));
    BaseRoots.seed(BaseRoots.EKS_AL2023, clean);
    assertTrue(boot(clean, toml, List.of()).succeeded());
    byte[] written = Files.readAllBytes(clean.resolve(unitFile.substring(1)));

    BaseRoots.seed(BaseRoots.EKS_AL2023, crashed);
    RunReport dying = boot(crashed, toml, List.of(), instance, path -> {
      if (path.equals(unitFile)) {
        throw new IllegalStateException("killed");
      }
    });
    assertFalse(dying.succeeded());
    assertEquals(List.of(), step(dying, reloader).actions(), "the reload for " + what + " never happened");
    Path file = crashed.resolve(unitFile.substring(1));
    Files.createDirectories(file.getParent());
    Files.write(file, written);
    Files.setPosixFilePermissions(file, Files.getPosixFilePermissions(clean.resolve(unitFile.substring(1))));

    RunReport rerun = boot(crashed, toml, List.of());
    assertTrue(rerun.succeeded());
    assertTrue(step(rerun, reloader).actions().contains("systemctl daemon-reload"), () -> String.valueOf(actions(rerun)));
    assertEquals(List.of(), CoreCases.stepsNot(boot(crashed, toml, List.of()), Set.of("unchanged", "skipped")),
        "a third run finds nothing to do");
  }

  @Test
  void aMissingClusterNameFailsClusterAndBlocksWhatNeedsIt(@TempDir Path root) throws Exception {
    BaseRoots.seed(BaseRoots.EKS_AL2023, root);
    RunReport report = boot(root, cluster().replace("name = \"prod\"\n", ""), List.of());
    assertFalse(report.succeeded());
    StepRecord cluster = step(report, "core/cluster");
    assertEquals("failed", cluster.outcome());
    assertTrue(cluster.detail().startsWith("cluster.name is not configured"), cluster.detail());
    assertEquals("blocked", step(report, "core/kubeconfig").outcome());
    assertEquals("blocked", step(report, "core/kubelet-service").outcome());
    assertEquals("unchanged", step(report, "core/kubelet-version").outcome());
    // containerd's configuration does not depend on the cluster, so it is still written and applied.
    assertEquals(List.of("systemctl restart containerd.service"), actions(report), "the kubelet is not started");
  }

  @Test
  void aLabelTheApiServerWouldRefuseFailsNamingItsContributor(@TempDir Path root) throws Exception {
    BaseRoots.seed(BaseRoots.EKS_AL2023, root);
    Plugin labeller = plugin("labeller", context ->
        context.contribute(Documents.NODE_LABELS, Map.of("node-role.kubernetes.io/worker", "")), Set.of(Documents.NODE_LABELS), Set.of());
    RunReport report = boot(root, cluster(), List.of(labeller));
    StepRecord service = step(report, "core/kubelet-service");
    assertEquals("failed", service.outcome());
    assertTrue(service.detail().contains("node-role.kubernetes.io/worker") && service.detail().contains("(from labeller/contribute)"),
        service.detail());
  }

  @Test
  void anIpv6ClusterNeedsAnIpv6Address(@TempDir Path root) throws Exception {
    BaseRoots.seed(BaseRoots.EKS_AL2023, root);
    RunReport report = boot(root, cluster().replace("10.100.0.0/16", "fd12:3456:789a::/108"), List.of());
    StepRecord service = step(report, "core/kubelet-service");
    assertEquals("failed", service.outcome());
    assertTrue(service.detail().startsWith("the cluster is IPv6 but instance metadata lists no IPv6 address"), service.detail());
  }

  @Test
  void independentStepsAreLeftFreeToRunConcurrently() throws Exception {
    Setup setup = Kernel.bind(Kernel.of(List.of(new LoadedPlugin(new CorePlugin(), LoadedPlugin.BUILT_IN))), TomlDocuments.parse("t", cluster()));
    StepGraph.Ordered graph = (StepGraph.Ordered) Kernel.order(setup, Phase.BOOT);
    List<String> roots = List.of("core/instance-data", "core/kubelet-version", "core/cluster-ca", "core/etc-hosts");
    for (String a : roots) {
      assertEquals(Set.of(), graph.predecessors().get(a), a + " waits for nothing");
    }
    assertFalse(graph.precedes("core/max-pods", "core/cluster") || graph.precedes("core/cluster", "core/max-pods"));
    assertFalse(graph.precedes("core/ecr-credential-provider", "core/kubelet-config")
        || graph.precedes("core/kubelet-config", "core/ecr-credential-provider"));
    for (String[] edge : new String[][] {
        {"core/instance-data", "core/cluster"}, {"core/instance-data", "core/max-pods"}, {"core/max-pods", "core/kubelet-config"},
        {"core/cluster-ca", "core/kubeconfig"}, {"core/kubelet-config", "core/service-environment"},
        {"core/service-environment", "core/containerd-config"}, {"core/containerd-config", "core/kubelet-service"},
        {"core/ecr-credential-provider", "core/kubelet-service"}}) {
      assertTrue(graph.precedes(edge[0], edge[1]), edge[0] + " before " + edge[1]);
    }
  }

  /**
   * A plugin with one boot step that contributes to {@code documents}, or writes a unit drop-in and so
   * is ordered {@code before} the core step that starts the unit: a test stand-in, which may name
   * core's step ids as no shipped plugin does.
   */
  private static Plugin plugin(String id, Consumer<StepContext> contribute, Set<DocumentKey<?>> documents, Set<String> before) {
    Step step = new Step() {
      @Override
      public String id() {
        return id + "/contribute";
      }

      @Override
      public Phase phase() {
        return Phase.BOOT;
      }

      @Override
      public Set<DocumentKey<?>> contributesTo() {
        return documents;
      }

      @Override
      public Set<String> before() {
        return before;
      }

      @Override
      public Outcome apply(StepContext context) {
        contribute.accept(context);
        return Outcome.done();
      }
    };
    return new Plugin() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public String version() {
        return "1.0.0";
      }

      @Override
      public String description() {
        return "test plugin";
      }

      @Override
      public boolean enabledByDefault() {
        return true;
      }

      @Override
      public List<Step> steps() {
        return List.of(step);
      }
    };
  }
}
