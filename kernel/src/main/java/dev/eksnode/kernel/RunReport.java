package dev.eksnode.kernel;

import static dev.eksnode.spi.API.Status.EXPERIMENTAL;

import dev.eksnode.spi.API;
import java.util.List;

/**
 * The record of one run, written as JSON to {@code /var/lib/eksnode/reports/<phase>.json} under the
 * root (mode 0644; it never holds secrets, nor a plain digest of a file that is not world-readable:
 * see {@link ManagedFile}).
 *
 * @param kernel the kernel version
 * @param phase {@code boot} or {@code image}
 * @param root the directory the run treated as {@code /}
 * @param started ISO-8601 start time
 * @param durationMillis wall time of the whole phase
 * @param result {@code succeeded} or {@code failed}
 * @param plugins every plugin found, enabled or not
 * @param steps every step, in run order
 * @param files every file the run manages (written or already right), sorted by path
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record RunReport(
    String kernel,
    String phase,
    String root,
    String started,
    long durationMillis,
    String result,
    List<PluginEntry> plugins,
    List<StepRecord> steps,
    List<ManagedFile> files) {

  public RunReport {
    plugins = List.copyOf(plugins);
    steps = List.copyOf(steps);
    files = files == null ? List.of() : List.copyOf(files);
  }

  /** One plugin in the report. */
  public record PluginEntry(String id, String version, String source, boolean enabled) {}

  public boolean succeeded() {
    return result.equals("succeeded");
  }
}
