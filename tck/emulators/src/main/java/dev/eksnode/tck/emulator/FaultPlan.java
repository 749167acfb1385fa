package dev.eksnode.tck.emulator;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The faults an emulator still has to inject, each with what is left of its count; thread-safe. */
final class FaultPlan {

  private record Pending(Fault fault, AtomicInteger left) {}

  private final List<Pending> pending = new CopyOnWriteArrayList<>();

  void add(Fault fault, int count) {
    pending.add(new Pending(fault, new AtomicInteger(count)));
  }

  /** The first pending fault of {@code type}, consuming one of its count; null when there is none. */
  <F extends Fault> F take(Class<F> type) {
    return take(type, fault -> true);
  }

  /** The first pending fault of {@code type} that {@code applies}, consuming one of its count; null when there is none. */
  <F extends Fault> F take(Class<F> type, java.util.function.Predicate<F> applies) {
    for (Pending p : pending) {
      if (type.isInstance(p.fault()) && applies.test(type.cast(p.fault()))) {
        int left = p.left().getAndUpdate(n -> n == Fault.FOREVER ? n : Math.max(0, n - 1));
        if (left > 0) {
          return type.cast(p.fault());
        }
      }
    }
    return null;
  }

  void clear() {
    pending.clear();
  }

  static void sleep(java.time.Duration delay) {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
