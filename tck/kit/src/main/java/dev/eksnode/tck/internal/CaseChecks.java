package dev.eksnode.tck.internal;

import static org.junit.jupiter.api.Assertions.fail;

import dev.eksnode.kernel.GraphProblem;
import dev.eksnode.kernel.StepRecord;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import dev.eksnode.tck.internal.CaseRunner.Result;
import dev.eksnode.tck.internal.CaseRunner.Watch;
import dev.eksnode.tck.internal.Tree.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules checked on one case. Each method throws an {@link AssertionError} whose message says what
 * broke the rule and where. The first (clean) run is shared: it runs once, watched for changes,
 * network use and writes to the machine, and every rule reads it.
 */
public final class CaseChecks {

  /** The node's facts, all published at boot, which image-phase steps cannot have. */
  static final Set<String> BOOT_FACTS = Set.of(
      NodeFacts.INSTANCE.name(), NodeFacts.CLUSTER.name(), NodeFacts.KUBELET_VERSION.name(), NodeFacts.MAX_PODS.name(),
      NodeFacts.KUBELET_FILES.name(), NodeFacts.PROXY.name(), NodeFacts.LOCAL_STORAGE.name());

  private static final Pattern CHANGE = Pattern.compile("(wrote|deleted|created) (/.*?)/?(?: \\(\\d{3,4}\\))?");

  private static final int MAX_ATOMIC_REPORTS = 5;

  private final CaseRunner runner;
  private final Tree start;
  private Result clean;
  private List<String> cleanChanges;
  private RuntimeException cleanFailure;

  public CaseChecks(CaseRunner runner, Tree start) {
    this.runner = runner;
    this.start = start;
  }

  private String where() {
    return runner.spec().directory().toString();
  }

  /** The first run, watched; runs once. */
  private synchronized Result clean() {
    if (cleanFailure != null) {
      throw cleanFailure;
    }
    if (clean == null) {
      FaultInjector counter = FaultInjector.counting();
      try {
        clean = runner.run(start, new Watch(counter, true, true));
      } catch (CaseRunner.CaseException e) {
        cleanFailure = new CaseFailed("the case did not run: " + e.getMessage(), e);
        throw cleanFailure;
      }
      cleanChanges = counter.changes();
    }
    return clean;
  }

  /** A failure of the shared first run, rethrown by every rule. */
  private static final class CaseFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CaseFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private Result cleanOrFail() {
    try {
      return clean();
    } catch (CaseFailed e) {
      throw new AssertionError(e.getMessage(), e.getCause());
    }
  }

  // ---------------------------------------------------------------- golden

  /**
   * Golden: what the run changed in the starting root, the action list and the AWS calls match the
   * snapshot (or update it, when asked); every path the snapshot does not record is untouched.
   */
  public void golden(SnapshotMode mode) {
    Result result = cleanOrFail();
    Path expectedDir = runner.spec().directory().resolve(CaseSpec.EXPECTED);
    Path actionsFile = runner.spec().directory().resolve(CaseSpec.EXPECTED_ACTIONS);
    Path awsCallsFile = runner.spec().directory().resolve(CaseSpec.EXPECTED_AWS_CALLS);
    if (mode.update()) {
      mode.refuseInCi(where());
      TreeChanges.between(start, result.tree()).recordIn(expectedDir);
      if (!Files.isRegularFile(actionsFile) || !read(actionsFile).equals(result.actionsText())) {
        write(actionsFile, result.actionsText());
      }
      if (result.awsCalls().isEmpty()) {
        delete(awsCallsFile);
      } else if (!read(awsCallsFile).equals(result.awsCallsText())) {
        write(awsCallsFile, result.awsCallsText());
      }
      return;
    }
    if (!Files.isDirectory(expectedDir)) {
      fail(where() + ": no snapshot yet (" + CaseSpec.EXPECTED + "/ does not exist). Record one with "
          + SnapshotMode.HOW + ", review it and commit it. The run changed "
          + TreeChanges.between(start, result.tree()).size() + " paths and took " + result.actions().size() + " actions.");
    }
    List<String> differences = TreeDiff.describeChanges(start, TreeChanges.read(expectedDir), result.tree());
    String actionsDiff = Files.isRegularFile(actionsFile) || !result.actions().isEmpty()
        ? UnifiedDiff.of(CaseSpec.EXPECTED_ACTIONS, read(actionsFile), "actual actions", result.actionsText())
        : "";
    String awsCallsDiff = UnifiedDiff.of(CaseSpec.EXPECTED_AWS_CALLS, awsCallsText(awsCallsFile), "actual AWS calls", result.awsCallsText());
    if (!differences.isEmpty() || !actionsDiff.isEmpty() || !awsCallsDiff.isEmpty()) {
      StringBuilder message = new StringBuilder(where() + ": the result differs from the snapshot");
      if (!differences.isEmpty()) {
        message.append(" (").append(TreeDiff.count(differences)).append(")");
      }
      message.append(":\n").append(TreeDiff.join(differences));
      if (!actionsDiff.isEmpty()) {
        message.append("actions differ:\n").append(actionsDiff);
      }
      if (!awsCallsDiff.isEmpty()) {
        message.append("AWS API calls differ (no ").append(CaseSpec.EXPECTED_AWS_CALLS).append(" means none):\n").append(awsCallsDiff);
      }
      message.append("If the new result is right, accept it with ").append(SnapshotMode.HOW).append('.');
      fail(message.toString());
    }
  }

  // ---------------------------------------------------------------- idempotent

  /** Idempotent: a second run over the result changes no file and restarts nothing. */
  public void idempotent() {
    Result first = cleanOrFail();
    Result second = runner.run(first.tree(), Watch.plain());
    List<String> problems = new ArrayList<>();
    for (Map.Entry<Phase, StepRecord> entry : second.records()) {
      StepRecord record = entry.getValue();
      String step = CaseRunner.phaseName(entry.getKey()) + " " + record.id();
      record.changes().forEach(change -> problems.add(step + ": " + change));
      record.actions().stream().filter(a -> a.startsWith("systemctl restart ") || a.startsWith("systemctl stop "))
          .forEach(action -> problems.add(step + ": " + action));
    }
    List<String> differences = TreeDiff.describe(first.tree(), second.tree(), "first run", "second run");
    if (!problems.isEmpty() || !differences.isEmpty()) {
      StringBuilder message = new StringBuilder(where() + ": a second run over the first run's result was not a no-op:\n");
      problems.forEach(p -> message.append("  ").append(p).append('\n'));
      message.append(TreeDiff.join(differences));
      fail(message.toString().stripTrailing());
    }
  }

  // ---------------------------------------------------------------- deterministic

  /** Deterministic: two runs in fresh roots leave identical trees and take the same actions. */
  public void deterministic() {
    Result first = cleanOrFail();
    Result second = runner.run(start, Watch.plain());
    List<String> differences = TreeDiff.describe(first.tree(), second.tree(), "first run", "second run");
    String actions = UnifiedDiff.of("first run's actions", first.actionsText(), "second run's actions", second.actionsText());
    if (!differences.isEmpty() || !actions.isEmpty()) {
      StringBuilder message = new StringBuilder(where() + ": two runs from the same start differ:\n");
      message.append(TreeDiff.join(differences));
      message.append(actions);
      fail(message.toString().stripTrailing());
    }
  }

  // ---------------------------------------------------------------- contained

  /**
   * Contained: every change is under the root, made through the host, inside the paths its plugin owns;
   * no network but loopback.
   */
  public void contained() {
    Result result = cleanOrFail();
    List<String> problems = new ArrayList<>();
    Set<String> recorded = new TreeSet<>();
    for (Map.Entry<Phase, StepRecord> entry : result.records()) {
      StepRecord record = entry.getValue();
      List<String> owned = result.owned().getOrDefault(record.plugin(), List.of());
      for (String change : record.changes()) {
        Matcher matcher = CHANGE.matcher(change);
        if (!matcher.matches()) {
          continue;
        }
        String path = matcher.group(2);
        recorded.add(path);
        if (!Globs.matchesAny(owned, path)) {
          problems.add(record.id() + " " + matcher.group(1) + " " + path + ", outside the paths plugin '" + record.plugin()
              + "' owns " + owned + " (ownedPaths)");
        }
      }
    }
    Set<String> paths = new TreeSet<>(start.files().keySet());
    paths.addAll(result.tree().files().keySet());
    for (String path : paths) {
      Entry before = start.files().get(path);
      Entry after = result.tree().files().get(path);
      if ((before == null ? after != null : !before.equals(after)) && !recorded.contains("/" + path)) {
        problems.add("/" + path + " was " + (before == null ? "created" : after == null ? "deleted" : "changed")
            + " without going through the Host (no step recorded it)");
      }
    }
    result.outside().forEach(d -> problems.add("beside the root: " + d.lines().findFirst().orElse(d)));
    result.machine().forEach(change -> problems.add(change + " on the machine running the tests, not under the root"));
    result.network().forEach(attempt -> problems.add("tried to connect to " + attempt
        + "; only the loopback emulators may be used (AWS_EC2_METADATA_SERVICE_ENDPOINT, AWS_ENDPOINT_URL_*)"));
    if (!problems.isEmpty()) {
      fail(where() + ": not contained (" + problems.size() + "):\n  " + String.join("\n  ", problems));
    }
  }

  // ---------------------------------------------------------------- atomic

  /**
   * Atomic: after a crash following any change, every file is as it was or as it should be, and no
   * temporary file is left.
   */
  public void atomic() {
    Result result = cleanOrFail();
    List<String> changes = cleanChanges;
    Map<String, List<String>> writers = writers(result);
    Map<String, String> problems = new LinkedHashMap<>();
    for (int allowed = 0; allowed < changes.size() && problems.size() < MAX_ATOMIC_REPORTS; allowed++) {
      FaultInjector injector = FaultInjector.crashAfter(allowed);
      Result crashed = runner.run(start, new Watch(injector, false, false));
      List<String> made = injector.changes();
      String moment = "a crash after " + allowed + " of " + changes.size() + " changes (last made: "
          + (made.isEmpty() ? "none" : made.getLast()) + "; next, refused: "
          + (injector.crashed() ? injector.refused() : "none") + ")";
      Set<String> paths = new TreeSet<>(start.files().keySet());
      paths.addAll(result.tree().files().keySet());
      paths.addAll(crashed.tree().files().keySet());
      for (String path : paths) {
        if (problems.containsKey(path)) {
          continue;
        }
        Entry was = start.files().get(path);
        Entry should = result.tree().files().get(path);
        Entry is = crashed.tree().files().get(path);
        if (path.endsWith(".eksnode-tmp")) {
          if (is != null) {
            problems.put(path, moment + " left the temporary file /" + path);
          }
          continue;
        }
        if (same(is, was) || same(is, should)) {
          continue;
        }
        String by = writers.containsKey("/" + path) ? " (written by " + String.join(", ", writers.get("/" + path)) + ")" : "";
        String shown = is == null
            ? "it is missing"
            : "it holds:\n" + TreeDiff.describe(path, should, is, "should be", "after the crash").lines().skip(1)
                .map(line -> "    " + line).reduce((a, b) -> a + "\n" + b).orElse("");
        problems.put(path, moment + " left /" + path + " neither as it was nor as it should be" + by + "; " + shown);
      }
    }
    if (!problems.isEmpty()) {
      fail(where() + ": files left half-done by a crash (" + problems.size() + "):\n  "
          + String.join("\n  ", problems.values()));
    }
  }

  private static boolean same(Entry a, Entry b) {
    return a == null ? b == null : a.equals(b);
  }

  /** For each node path, the steps whose recorded changes touched it. */
  private static Map<String, List<String>> writers(Result result) {
    Map<String, List<String>> writers = new TreeMap<>();
    for (Map.Entry<Phase, StepRecord> entry : result.records()) {
      for (String change : entry.getValue().changes()) {
        Matcher matcher = CHANGE.matcher(change);
        if (matcher.matches()) {
          List<String> steps = writers.computeIfAbsent(matcher.group(2), k -> new ArrayList<>());
          if (!steps.contains(entry.getValue().id())) {
            steps.add(entry.getValue().id());
          }
        }
      }
    }
    return writers;
  }

  // ---------------------------------------------------------------- well-formed

  /**
   * Well-formed: ids carry the plugin id, dependencies resolve, {@code requires}, {@code after} and
   * {@code before} name only the plugin's own steps, every step ran to an outcome, image steps declare
   * no read of a boot-only fact, owned paths are absolute globs, the plugin can be instantiated.
   */
  public void wellFormed() {
    PluginUnderTest underTest = runner.underTest();
    Plugin plugin = underTest.plugin();
    String id = underTest.id();
    List<String> problems = new ArrayList<>();
    underTest.constructorProblem().ifPresent(problems::add);
    for (String pattern : plugin.ownedPaths()) {
      Globs.problem(pattern).ifPresent(problems::add);
    }
    Result result;
    try {
      result = clean();
    } catch (CaseFailed e) {
      problems.add(e.getMessage());
      fail(where() + ": plugin '" + id + "' is not well-formed:\n  " + String.join("\n  ", problems));
      return;
    }
    for (GraphProblem problem : result.plugins().problems()) {
      problems.add(problem.message());
    }
    Set<String> stepIds = new TreeSet<>();
    result.plugins().plugins().forEach(p -> p.plugin().steps().forEach(s -> stepIds.add(s.id())));
    Map<String, String> imagePublishers = new TreeMap<>();
    Map<String, String> bootPublishers = new TreeMap<>();
    result.plugins().plugins().forEach(p -> p.plugin().steps().forEach(s -> s.publishes().forEach(fact ->
        (s.phase() == Phase.IMAGE ? imagePublishers : bootPublishers).putIfAbsent(fact.name(), s.id()))));
    for (Step step : plugin.steps()) {
      Map<String, Set<String>> ordering = new LinkedHashMap<>();
      ordering.put("requires", step.requires());
      ordering.put("after", step.after());
      ordering.put("before", step.before());
      ordering.forEach((kind, targets) -> {
        for (String target : new TreeSet<>(targets)) {
          String owner = target.contains("/") ? target.substring(0, target.indexOf('/')) : target;
          if (!owner.equals(id)) {
            problems.add("step '" + step.id() + "' names '" + target + "' in " + kind + "(), a step of another plugin;"
                + " declare the fact it reads or the document it contributes to instead");
          } else if (!stepIds.contains(target)) {
            problems.add("step '" + step.id() + "' is ordered " + kind + " '" + target + "', but plugin '" + owner
                + "' has no such step");
          }
        }
      });
      if (step.phase() == Phase.IMAGE) {
        Set<FactKey<?>> reads = new LinkedHashSet<>(step.reads());
        reads.addAll(step.readsIfPresent());
        for (FactKey<?> fact : reads) {
          String name = fact.name();
          if (!imagePublishers.containsKey(name) && (BOOT_FACTS.contains(name) || bootPublishers.containsKey(name))) {
            problems.add("image-phase step '" + step.id() + "' reads fact '" + name + "', which is published only at boot"
                + (bootPublishers.containsKey(name) ? " (by " + bootPublishers.get(name) + ")" : ""));
          }
        }
      }
    }
    for (Map.Entry<Phase, StepRecord> entry : result.records()) {
      StepRecord record = entry.getValue();
      if (record.plugin().equals(id) && record.unsuccessful()) {
        problems.add(CaseRunner.phaseName(entry.getKey()) + " step '" + record.id() + "' did not run to an outcome: "
            + record.outcome() + " (" + record.detail() + ")");
      }
    }
    if (!problems.isEmpty()) {
      fail(where() + ": plugin '" + id + "' is not well-formed:\n  " + String.join("\n  ", problems));
    }
  }

  /**
   * The expected AWS calls in the form {@link Result#awsCallsText()} writes: {@code ec2 <Action> <count>}
   * per line, sorted; blank lines and {@code #} comments dropped, so a hand-written file may carry them.
   */
  private static String awsCallsText(Path file) {
    StringBuilder text = new StringBuilder();
    read(file).lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).sorted()
        .forEach(line -> text.append(line.replaceAll("\\s+", " ")).append('\n'));
    return text.toString();
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new AssertionError("cannot delete " + file + ": " + e.getMessage(), e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new AssertionError("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new AssertionError("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
