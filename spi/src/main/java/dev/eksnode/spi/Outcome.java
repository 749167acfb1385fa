package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

import java.util.List;
import java.util.Objects;

/** What became of a step. */
@API(status = STABLE, since = "0.1.0")
public sealed interface Outcome {

  /** The step ran; the kernel turns this into {@link Applied} or {@link Unchanged}. */
  static Outcome done() {
    return Unchanged.INSTANCE;
  }

  /** The step does not apply to this machine (e.g. "no such device"); not a failure. */
  static Outcome skipped(String reason) {
    return new Skipped(reason);
  }

  /** A short word for reports and step lines: applied, unchanged, skipped, failed, blocked. */
  String label();

  /** The step changed the machine; {@code changes} lists each effect, e.g. {@code wrote /etc/x (0644)}. */
  record Applied(List<String> changes) implements Outcome {
    public Applied {
      changes = List.copyOf(changes);
    }

    @Override
    public String label() {
      return "applied";
    }
  }

  /** The step ran and the machine already was as it should be. */
  record Unchanged() implements Outcome {
    static final Unchanged INSTANCE = new Unchanged();

    @Override
    public String label() {
      return "unchanged";
    }
  }

  /** The step does not apply; {@code reason} says why. */
  record Skipped(String reason) implements Outcome {
    public Skipped {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String label() {
      return "skipped";
    }
  }

  /** The step threw or reported an error; {@code message} says what failed. */
  record Failed(String message) implements Outcome {
    public Failed {
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String label() {
      return "failed";
    }
  }

  /** The step did not run because a step it requires failed or was blocked itself. */
  record Blocked(String dependency) implements Outcome {
    public Blocked {
      Objects.requireNonNull(dependency, "dependency");
    }

    @Override
    public String label() {
      return "blocked";
    }
  }
}
