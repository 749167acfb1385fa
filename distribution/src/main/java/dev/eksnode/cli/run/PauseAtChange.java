package dev.eksnode.cli.run;

import dev.eksnode.kernel.ChangeObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test hook for crash-consistency tests, never set on a real node: with {@code
 * EKSNODE_TEST_PAUSE_AT_CHANGE=N} and {@code EKSNODE_TEST_PAUSE_MARKER=FILE} in its environment, a run
 * lets N-1 changes through, then, before the N-th, writes the path about to change to FILE and blocks
 * that step forever. A service action ({@code systemctl daemon-reload}, {@code systemctl restart ...})
 * counts as a change, and FILE then holds the action, so the test can kill the process there (SIGKILL) and look at the root. Other
 * steps keep running meanwhile, as they would on a machine that loses power.
 */
final class PauseAtChange implements ChangeObserver {

  static final String AT = "EKSNODE_TEST_PAUSE_AT_CHANGE";
  static final String MARKER = "EKSNODE_TEST_PAUSE_MARKER";

  private final int at;
  private final Path marker;
  private final AtomicInteger seen = new AtomicInteger();

  PauseAtChange(int at, Path marker) {
    this.at = at;
    this.marker = marker;
  }

  @Override
  public void beforeChange(String path) {
    pauseAt(path);
  }

  @Override
  public void beforeAction(String action) {
    pauseAt(action);
  }

  private void pauseAt(String what) {
    if (seen.incrementAndGet() != at) {
      return;
    }
    try {
      Files.writeString(marker, what);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        // keep pausing: only the test's SIGKILL ends this run
      }
    }
  }
}
