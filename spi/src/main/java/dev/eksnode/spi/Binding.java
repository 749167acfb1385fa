package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.EXPERIMENTAL;

import java.util.Objects;
import java.util.Optional;

/**
 * What a plugin binds its configuration for, besides the configuration itself: see {@link
 * Plugin#bindConfig(ConfigSection, Binding)}.
 *
 * @param phase the phase of the run being prepared; empty when the configuration is checked outside a
 *     run ({@code eksnode plugins}, an AMI configuration's {@code [boot]} table checked at image build),
 *     where no setting a run needs can be demanded yet
 * @param enabled whether the plugin's steps run with this configuration ({@code plugins.<id>.enabled},
 *     else {@link Plugin#enabledByDefault()})
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record Binding(Optional<Phase> phase, boolean enabled) {
  public Binding {
    Objects.requireNonNull(phase, "phase");
  }

  /** Binding for a run of {@code phase}. */
  public static Binding forRun(Phase phase, boolean enabled) {
    return new Binding(Optional.of(phase), enabled);
  }

  /** Binding outside a run: configuration checked, listed or documented. */
  public static Binding outsideRun(boolean enabled) {
    return new Binding(Optional.empty(), enabled);
  }

  /** Whether this binding is for a run of {@code other}. */
  public boolean isFor(Phase other) {
    return phase.filter(other::equals).isPresent();
  }
}
