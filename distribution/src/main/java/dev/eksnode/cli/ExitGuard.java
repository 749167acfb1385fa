package dev.eksnode.cli;

import dev.eksnode.cli.command.ExitCode;
import dev.eksnode.kernel.Kernel;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the process's exit code eksnode's own. {@link Main} ends the process through {@link #exit};
 * any other {@code System.exit} or {@code Runtime.exit} while eksnode runs comes from plugin code (a
 * jar's class files are checked for such calls before loading, so this is an exit by reflection or
 * from generated code). The shutdown hook then names the plugin code that thread was running, lets the
 * kernel write the run's report as failed, and ends the process with {@value #PLUGIN_ENDED_THE_PROCESS}
 * instead of the plugin's code. A signal (SIGTERM from systemd, SIGINT) ends the process as usual.
 *
 * <p>Not caught: {@code Runtime.halt} by reflection, which runs no hook.
 */
final class ExitGuard {

  /** The exit code when plugin code ended the process: a plugin problem. */
  static final int PLUGIN_ENDED_THE_PROCESS = ExitCode.PLUGIN_PROBLEM;

  private static volatile boolean orderly;

  private ExitGuard() {}

  /** Installs the shutdown hook that reports an exit eksnode did not ask for on {@code err}. */
  static void install(PrintStream err) {
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("eksnode-exit-guard").unstarted(() -> onShutdown(err)));
  }

  /** Ends the process with eksnode's own exit code. */
  static void exit(int code) {
    orderly = true;
    System.exit(code);
  }

  private static void onShutdown(PrintStream err) {
    if (orderly || signalled()) {
      return;
    }
    // Steps run on virtual threads, which Thread.getAllStackTraces leaves out: look at the threads the
    // kernel says run plugin code first, then at every platform thread.
    List<Thread> candidates = new ArrayList<>(Kernel.pluginThreads());
    candidates.addAll(Thread.getAllStackTraces().keySet());
    Optional<Thread> culprit = Optional.empty();
    String call = "System.exit or Runtime.exit";
    for (Thread thread : candidates) {
      Optional<String> exiting = exitCall(thread.getStackTrace());
      if (exiting.isPresent()) {
        culprit = Optional.of(thread);
        call = exiting.get();
        break;
      }
    }
    err.println("eksnode: " + Kernel.endedByPlugin(culprit, call));
    err.flush();
    System.out.flush();
    Runtime.getRuntime().halt(PLUGIN_ENDED_THE_PROCESS);
  }

  /** Whether a signal (SIGTERM, SIGINT, SIGHUP) is ending the process: its handler thread is inside {@code Runtime.exit}. */
  private static boolean signalled() {
    for (StackTraceElement[] frames : Thread.getAllStackTraces().values()) {
      for (StackTraceElement frame : frames) {
        if (frame.getClassName().equals("java.lang.Terminator") || frame.getClassName().startsWith("jdk.internal.misc.Signal")) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code System.exit} or {@code Runtime.exit}, when these frames are inside one. */
  private static Optional<String> exitCall(StackTraceElement[] frames) {
    for (int i = 0; i < frames.length; i++) {
      if (frames[i].getClassName().equals("java.lang.Runtime") && frames[i].getMethodName().equals("exit")) {
        boolean viaSystem = i + 1 < frames.length && frames[i + 1].getClassName().equals("java.lang.System")
            && frames[i + 1].getMethodName().equals("exit");
        return Optional.of(viaSystem ? "System.exit" : "Runtime.exit");
      }
    }
    return Optional.empty();
  }
}
