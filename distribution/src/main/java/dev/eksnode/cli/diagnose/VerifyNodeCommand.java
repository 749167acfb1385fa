package dev.eksnode.cli.diagnose;

import dev.eksnode.cli.command.Command;
import dev.eksnode.cli.command.ExitCode;
import dev.eksnode.cli.command.Invocation;
import dev.eksnode.cli.command.Session;
import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.RunOptions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code eksnode verify-node}: drift since the last runs. */
public final class VerifyNodeCommand implements Command {

  @Override
  public List<String> words() {
    return List.of("verify-node");
  }

  @Override
  public Help help() {
    return new Help(
        "eksnode verify-node",
        "Check the node against what its last runs left: files, modes, contents, units. Exit 0 only without drift.",
        """
        Reads the last image and boot run reports under --root. Every file they manage must be there with
        the same mode and content (SHA-256; for a file that is not world-readable, a digest keyed with the
        root-only /var/lib/eksnode/reports/digest.key, so run as root to check those); every unit they
        enabled or (re)started must be enabled and active (checked with systemctl on a live node; under
        another --root only the unit file is looked for). Lists every drift with the step that manages the
        thing. Exit 1 when anything drifted.""",
        "eksnode verify-node --output json");
  }

  @Override
  public int run(Invocation invocation, Session session) {
    RunOptions options = new RunOptions(invocation.root(), false, session.environment(), Clock.systemUTC());
    NodeVerification.Result result = NodeVerification.verify(invocation.root(), Kernel.host(options));
    if (invocation.json()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("reports", result.reports());
      json.put("filesChecked", result.filesChecked());
      json.put("unitsChecked", result.unitsChecked());
      json.put("drift", result.drift());
      json.put("notes", result.notes());
      session.printJson(json);
    } else {
      session.out().println("checked " + result.filesChecked() + " files and " + result.unitsChecked() + " units against "
          + (result.reports().isEmpty() ? "no report" : String.join(", ", result.reports())));
      result.notes().forEach(note -> session.out().println("note: " + note));
      if (result.drift().isEmpty()) {
        session.out().println("no drift");
      } else {
        session.out().println(result.drift().size() + " drift" + (result.drift().size() == 1 ? "" : "s") + ":");
        result.drift().forEach(d -> session.out().println("  " + d));
      }
    }
    return result.drift().isEmpty() && !result.reports().isEmpty() ? ExitCode.OK : ExitCode.STEP_FAILED;
  }
}
