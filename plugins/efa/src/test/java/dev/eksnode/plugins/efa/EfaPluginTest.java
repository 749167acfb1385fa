package dev.eksnode.plugins.efa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.eksnode.node.Documents;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import dev.eksnode.tck.PluginHarness;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EfaPluginTest {

  static final String ENABLED = "[plugins.efa]\nenabled = true\n";

  @TempDir Path root;

  final FactReader reader = new FactReader();

  PluginHarness p4d() {
    PluginHarness harness = new PluginHarness(root, new EfaPlugin(), reader).config(ENABLED).instanceType("p4d.24xlarge")
        .pci("0000:00:1e.0", "0x10de", "0x20b0", "0x030200")
        .pci("0000:00:05.0", "0x1d0f", "0xec20", "0x020000");
    for (int i = 0; i < 4; i++) {
      harness.pci("0000:10:1" + i + ".0", "0x1d0f", "0xefa1", "0x020000");
    }
    return harness;
  }

  @Test
  void p4dGetsTheLabelTheMemlockLimitAndTheDeviceCount() {
    var run = p4d().run(Phase.BOOT);

    run.expect("efa/devices", "unchanged");
    assertEquals(4, reader.count.get());
    assertEquals(Map.of("vpc.amazonaws.com/efa.present", "true"), run.labels());
    Map<String, Object> memlock = Map.of(
        "type", "RLIMIT_MEMLOCK",
        "hard", new BigInteger("18446744073709551615"),
        "soft", new BigInteger("18446744073709551615"));
    assertEquals(List.of(Map.of("process", Map.of("rlimits", List.of(memlock)))),
        run.contributions(Documents.BASE_RUNTIME_SPEC));
    run.assertNoActions();
    assertEquals("", run.changes());
  }

  @Test
  void m5LargeHasNoEfaAndGetsNothing() {
    var run = new PluginHarness(root, new EfaPlugin(), reader).config(ENABLED).instanceType("m5.large")
        .pci("0000:00:05.0", "0x1d0f", "0xec20", "0x020000")
        .pci("0000:00:1f.0", "0x1d0f", "0x8061", "0x010802")
        .run(Phase.BOOT);

    for (String step : List.of("efa/devices", "efa/container-limits", "efa/node-labels")) {
      assertEquals("no EFA device", run.expect(step, "skipped").detail());
    }
    assertEquals(0, reader.count.get());
    assertEquals(Map.of(), run.labels());
    assertEquals(List.of(), run.contributions(Documents.BASE_RUNTIME_SPEC));
    assertEquals("", run.changes());
  }

  @Test
  void countsInfinibandDevicesWhenSysfsListsNoPciDevices() {
    new PluginHarness(root, new EfaPlugin(), reader).config(ENABLED)
        .file("/sys/class/infiniband/rdmap16s27/node_type", "1: CA\n")
        .file("/sys/class/infiniband/rdmap32s27/node_type", "1: CA\n")
        .run(Phase.BOOT);
    assertEquals(2, reader.count.get());
  }

  @Test
  void imageInstallsOnceWritesLimitsAndHugepages() throws IOException {
    PluginHarness harness = new PluginHarness(root, new EfaPlugin()).config(ENABLED + "installerVersion = \"1.40.0\"\nhugepages = 5128\n");

    var first = harness.run(Phase.IMAGE);
    assertEquals(List.of(
        "run curl -fsSL --retry 3 -o /tmp/aws-efa-installer-1.40.0.tar.gz"
            + " https://efa-installer.amazonaws.com/aws-efa-installer-1.40.0.tar.gz",
        "run tar -xzf /tmp/aws-efa-installer-1.40.0.tar.gz -C /tmp",
        "run env -C /tmp/aws-efa-installer ./efa_installer.sh -y --minimal",
        "run rm -rf /tmp/aws-efa-installer /tmp/aws-efa-installer-1.40.0.tar.gz"), first.actions());
    assertEquals("# Written by eksnode (efa/system-limits): EFA registers memory with the device.\n"
        + "* soft memlock unlimited\n* hard memlock unlimited\n", read(SystemLimitsStep.LIMITS));
    assertEquals("# Written by eksnode (efa/system-limits) from plugins.efa.hugepages.\nvm.nr_hugepages = 5128\n",
        read(SystemLimitsStep.HUGEPAGES));
    assertEquals(Map.of("efa-installer", "1.40.0"), run(first));

    var second = harness.run(Phase.IMAGE);
    second.assertNoActions();
    second.expect("efa/install", "unchanged");
    second.expect("efa/system-limits", "unchanged");

    var noHugepages = harness.config(ENABLED + "installerVersion = \"1.40.0\"\n").run(Phase.IMAGE);
    assertEquals("deleted " + SystemLimitsStep.HUGEPAGES, noHugepages.changes());
    assertFalse(Files.exists(root.resolve(SystemLimitsStep.HUGEPAGES.substring(1))));
  }

  @Test
  void reportsEveryBadSettingWithItsKey() {
    String toml = ENABLED + "installerVersion = \"latest\"\nhugepages = -1\nhugepage = 2\n";
    var problems = new PluginHarness(root, new EfaPlugin()).config(toml).refusal()
        .problems().stream().map(p -> p.key() + ": " + p.message()).sorted().toList();
    assertEquals(List.of(
        "plugins.efa.hugepage: unknown key",
        "plugins.efa.hugepages: -1 is negative",
        "plugins.efa.installerVersion: \"latest\" is not a version"), problems);
  }

  private static Map<String, String> run(PluginHarness.Run run) {
    return run.contributions(Documents.COMPONENT_VERSIONS).getFirst();
  }

  private String read(String path) throws IOException {
    return Files.readString(root.resolve(path.substring(1)));
  }

  /** Another plugin reading the device count by the fact's published name, if present. */
  static final class FactReader implements Plugin {
    static final FactKey<Integer> DEVICE_COUNT = FactKey.of("efa.device-count", Integer.class);

    final AtomicReference<Integer> count = new AtomicReference<>();

    @Override
    public String id() {
      return "reader";
    }

    @Override
    public String version() {
      return "0.0.0";
    }

    @Override
    public String description() {
      return "reads efa.device-count";
    }

    @Override
    public boolean enabledByDefault() {
      return true;
    }

    @Override
    public List<Step> steps() {
      return List.of(new Step() {
        @Override
        public String id() {
          return "reader/device-count";
        }

        @Override
        public Phase phase() {
          return Phase.BOOT;
        }

        @Override
        public Set<FactKey<?>> readsIfPresent() {
          return Set.of(DEVICE_COUNT);
        }

        @Override
        public Outcome apply(StepContext context) {
          context.fact(DEVICE_COUNT).ifPresent(count::set);
          return Outcome.done();
        }
      });
    }
  }
}
