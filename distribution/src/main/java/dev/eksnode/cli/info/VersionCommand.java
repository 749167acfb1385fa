package dev.eksnode.cli.info;

import dev.eksnode.cli.command.Command;
import dev.eksnode.cli.command.ExitCode;
import dev.eksnode.cli.command.Invocation;
import dev.eksnode.cli.command.Session;
import dev.eksnode.kernel.Kernel;
import java.util.List;
import java.util.Map;

/** {@code eksnode version}. */
public final class VersionCommand implements Command {

  @Override
  public List<String> words() {
    return List.of("version");
  }

  @Override
  public Help help() {
    return new Help("eksnode version", "Print eksnode's version, the kernel version and the Java runtime in use.", "",
        "eksnode version --output json");
  }

  @Override
  public int run(Invocation invocation, Session session) {
    if (invocation.json()) {
      session.printJson(Map.of("eksnode", Version.EKSNODE, "kernel", Kernel.VERSION, "java", Runtime.version().toString(),
          "javaHome", System.getProperty("java.home")));
    } else {
      session.out().println("eksnode " + Version.EKSNODE + " (kernel " + Kernel.VERSION + ", Java " + Runtime.version() + ")");
      session.out().println("runtime: " + System.getProperty("java.home"));
    }
    return ExitCode.OK;
  }
}
