package dev.eksnode.cli.run;

import dev.eksnode.cli.command.Command;
import dev.eksnode.cli.command.ExitCode;
import dev.eksnode.cli.command.Invocation;
import dev.eksnode.cli.command.Option;
import dev.eksnode.cli.command.Session;
import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.Preparation;
import dev.eksnode.kernel.RunListener;
import dev.eksnode.kernel.RunOptions;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.RunRequest;
import dev.eksnode.kernel.config.ConfigSources;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.Phase;
import dev.eksnode.tck.emulator.BaseRoots;
import dev.eksnode.tck.emulator.MetadataEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code eksnode demo}: the boot phase of a built-in example node in a temporary root, twice. Also what
 * the start-up cache is trained on ({@code eksnode --train-aot} runs it).
 */
public final class DemoCommand implements Command {

  /** Where the demo's image configuration and instance description are, in the eksnode jar. */
  static final String RESOURCES = "/dev/eksnode/cli/demo/";

  static final Option KEEP = Option.flag("--keep", "keep the temporary root afterwards");

  @Override
  public List<String> words() {
    return List.of("demo");
  }

  @Override
  public List<Option> options() {
    return List.of(KEEP);
  }

  @Override
  public Help help() {
    return new Help(
        "eksnode demo [--keep]",
        "Join a built-in example node (m5.large) in a fresh temporary root, then show a rerun changes nothing.",
        """
        Needs no AWS account and touches nothing outside the temporary directory: the root is seeded with
        an Amazon Linux 2023 EKS image, instance metadata is served by a loopback IMDSv2 emulator, and the
        boot phase runs twice. Prints the step lines and timeline of the first run, the files it wrote,
        and the second run, in which every step is unchanged. The root is deleted unless --keep is given.""",
        "eksnode demo --keep");
  }

  @Override
  public int run(Invocation invocation, Session session) {
    boolean json = invocation.json();
    Path root;
    try {
      root = Files.createTempDirectory("eksnode-demo-");
      BaseRoots.seed(BaseRoots.EKS_AL2023, root);
      Path config = root.resolve(ConfigSources.IMAGE_CONFIG.substring(1));
      Files.createDirectories(config.getParent());
      Files.write(config, resource("eksnode.toml"));
    } catch (IOException e) {
      throw new EksnodeException("cannot create the demo root: " + e.getMessage(), e);
    }
    try (MetadataEmulator imds = MetadataEmulator.start(new String(resource("instance.json"), StandardCharsets.UTF_8))) {
      Map<String, String> environment = new HashMap<>(session.environment());
      environment.putAll(imds.environment());
      // The boot runs as on a node, user data included, with the emulator as instance metadata: it
      // serves no user data, so the configuration is the seeded image's. That is also the path the
      // AOT cache is trained on (eksnode --train-aot runs the demo).
      Session node = new Session(session.out(), session.err(), session.in(), environment);
      RunRequest request = Runs.request(invocation, node, Phase.BOOT, root);
      if (!json) {
        node.out().println("eksnode demo: an m5.large in us-west-2 joins the EKS cluster \"demo\"");
        node.out().println("  root: " + root + " (an Amazon Linux 2023 EKS image)");
        node.out().println("  instance metadata: loopback IMDSv2 emulator at " + imds.endpoint());
        node.out().println();
      }
      RunReport first = boot(node, request, json);
      RunReport second = null;
      if (first.succeeded()) {
        if (!json) {
          node.out().println();
          node.out().println("timeline (ms since the start of the run; steps side by side ran concurrently):");
          node.out().print(Timeline.render(first));
          node.out().println();
          node.out().println("files written:");
          first.steps().forEach(step -> step.changes().forEach(change -> node.out().println("  " + change)));
          node.out().println("service actions (recorded, not executed, under a root other than /):");
          first.steps().forEach(step -> step.actions().forEach(action -> node.out().println("  " + action)));
          node.out().println();
          node.out().println("second run over the same root:");
        }
        second = boot(node, request, json);
        if (!json) {
          long unchanged = second.steps().stream().filter(step -> step.outcome().equals("unchanged")).count();
          // Steps that do not apply to this node (outposts off an Outpost) skip on every run.
          long skipped = second.steps().stream().filter(step -> step.outcome().equals("skipped")).count();
          long actions = second.steps().stream().mapToLong(step -> step.actions().size()).sum();
          node.out().println();
          node.out().println("second run: " + unchanged + " of " + (second.steps().size() - skipped) + " steps unchanged, "
              + (actions == 0 ? "nothing restarted" : actions + " service actions")
              + (skipped == 0 ? "" : " (" + skipped + " skipped: not for this node)"));
        }
      }
      if (json) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("root", root.toString());
        result.put("first", first);
        result.put("second", second);
        node.printJson(result);
      }
      if (invocation.has(KEEP)) {
        if (!json) {
          node.out().println("kept " + root + "; a rerun needs instance metadata: AWS_EC2_METADATA_SERVICE_ENDPOINT=<an IMDS endpoint> eksnode bootstrap --root " + root);
        }
      } else {
        deleteTree(root);
      }
      return first.succeeded() && second != null && second.succeeded() ? ExitCode.OK : ExitCode.STEP_FAILED;
    } catch (IOException e) {
      throw new EksnodeException("cannot start the demo's instance metadata emulator: " + e.getMessage(), e);
    }
  }

  private static RunReport boot(Session session, RunRequest request, boolean json) {
    Preparation.Ready ready = Runs.prepare(session, request, !json);
    RunReport report = Kernel.run(ready, new RunOptions(request.root(), false, session.environment(), Clock.systemUTC()),
        json ? RunListener.NONE : record -> Runs.printStep(session, record));
    if (!json) {
      session.out().println(report.result() + ": " + report.steps().size() + " steps in " + report.durationMillis() + " ms; report "
          + request.root().resolve(Kernel.reportPath(Phase.BOOT).substring(1)));
    }
    return report;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new EksnodeException("the built-in " + RESOURCES + name + " is missing from the eksnode jar");
      }
      return in.readAllBytes();
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // A leftover temporary directory is harmless; the demo has already reported its result.
    }
  }
}
