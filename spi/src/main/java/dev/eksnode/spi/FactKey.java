package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

import java.util.Objects;

/**
 * A typed name for a value one step publishes and later steps read. The publishing step declares it
 * ({@link Step#publishes()}), each reader declares its read ({@link Step#reads()}, {@link
 * Step#readsIfPresent()}), and the kernel orders them. A fact is published in one phase and is not
 * there in the other.
 *
 * @param name unique among facts, e.g. {@code acme.agent-version}
 * @param type the value's type; the kernel checks publications and reads against it
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
