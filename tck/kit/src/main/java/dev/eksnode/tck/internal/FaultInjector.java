package dev.eksnode.tck.internal;

import dev.eksnode.kernel.ChangeObserver;
import dev.eksnode.spi.HostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ChangeObserver} that notes every change steps make and, when given a limit, simulates a
 * crash after that many: it refuses the next change and every later one, so the tree stays as a crash
 * at that moment would leave it.
 */
public final class FaultInjector implements ChangeObserver {

  private final int allowed;
  private final List<String> changes = new ArrayList<>();
  private String refused;

  private FaultInjector(int allowed) {
    this.allowed = allowed;
  }

  /** Notes changes, refuses none. */
  public static FaultInjector counting() {
    return new FaultInjector(Integer.MAX_VALUE);
  }

  /** Refuses every change after the first {@code allowed}. */
  public static FaultInjector crashAfter(int allowed) {
    return new FaultInjector(allowed);
  }

  @Override
  public synchronized void beforeChange(String path) {
    if (changes.size() >= allowed) {
      if (refused == null) {
        refused = path;
      }
      throw new HostException("simulated crash (eksnode TCK) after " + allowed + " changes, before changing " + path);
    }
    changes.add(path);
  }

  /** The paths changed, in order. */
  public synchronized List<String> changes() {
    return new ArrayList<>(changes);
  }

  /** Whether a change was refused. */
  public synchronized boolean crashed() {
    return refused != null;
  }

  /** The first change refused. */
  public synchronized String refused() {
    return refused;
  }
}
