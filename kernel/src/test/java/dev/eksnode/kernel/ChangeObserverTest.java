package dev.eksnode.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.HostException;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeObserverTest {

  @TempDir Path root;

  /** Writes two files, rewrites the first with the same content, deletes nothing. */
  static final class TwoFiles implements Plugin {
    @Override
    public String id() {
      return "two";
    }

    @Override
    public String version() {
      return "1.0.0";
    }

    @Override
    public String description() {
      return "writes two files";
    }

    @Override
    public boolean enabledByDefault() {
      return true;
    }

    @Override
    public List<Step> steps() {
      return List.of(
          new Step() {
            @Override
            public String id() {
              return "two/files";
            }

            @Override
            public Phase phase() {
              return Phase.BOOT;
            }

            @Override
            public Outcome apply(StepContext context) {
              context.host().writeString("/etc/two/a", "a\n", 0644);
              context.host().writeString("/etc/two/a", "a\n", 0644);
              context.host().writeString("/etc/two/b", "b\n", 0600);
              return Outcome.done();
            }
          });
    }
  }

  private RunReport run(ChangeObserver observer) {
    PluginSet plugins = Kernel.of(List.of(new LoadedPlugin(new TwoFiles(), LoadedPlugin.BUILT_IN)));
    Setup setup = Kernel.bind(plugins, ConfigNode.Table.empty(ConfigLocation.of("test")));
    StepGraph.Ordered graph = (StepGraph.Ordered) Kernel.order(setup, Phase.BOOT);
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    RunOptions options = new RunOptions(root, false, Map.of(), clock).withChangeObserver(observer);
    return Kernel.run(setup, graph, Phase.BOOT, options, RunListener.NONE);
  }

  @Test
  void seesEachChangeBeforeItIsMadeButNotWritesThatChangeNothing() {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    RunReport report = run(seen::add);

    assertTrue(report.succeeded());
    assertEquals(List.of("/etc/two/a", "/etc/two/b"), seen);
  }

  @Test
  void throwingStopsTheChangeAndFailsTheStepButTheReportIsStillWritten() throws Exception {
    List<String> seen = new ArrayList<>();
    RunReport report =
        run(
            path -> {
              seen.add(path);
              if (seen.size() > 1) {
                throw new HostException("simulated crash before changing " + path);
              }
            });

    assertFalse(report.succeeded());
    assertEquals("failed", report.steps().getFirst().outcome());
    assertEquals("simulated crash before changing /etc/two/b", report.steps().getFirst().detail());
    assertEquals("a\n", Files.readString(root.resolve("etc/two/a")));
    assertFalse(Files.exists(root.resolve("etc/two/b")));
    assertFalse(Files.exists(root.resolve("etc/two/.b.eksnode-tmp")));
    assertTrue(Files.isRegularFile(root.resolve(Kernel.reportPath(Phase.BOOT).substring(1))));
  }

  @Test
  void createsMissingParentDirectoriesWithMode0755() throws Exception {
    run(ChangeObserver.NONE);

    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("etc/two"))));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("etc/two/b"))));
  }
}
