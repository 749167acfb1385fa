package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

import java.util.Objects;

/**
 * A typed name for a value one step publishes and later steps read (e.g. the kubelet version). Facts
 * published at boot are not there at image build.
 *
 * @param name unique, e.g. {@code core.kubelet-version}
 * @param type the value's type; {@link StepContext#publish} checks it
 */
@API(status = STABLE, since = "0.1.0")
public record FactKey<T>(String name, Class<T> type) {
  public FactKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  public static <T> FactKey<T> of(String name, Class<T> type) {
    return new FactKey<>(name, type);
  }
}
