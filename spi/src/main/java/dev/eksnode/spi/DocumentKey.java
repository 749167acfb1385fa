package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

import java.util.Objects;

/**
 * A shared document several steps contribute to and one step renders. Who renders it is not part of
 * the key: the rendering step declares it ({@link Step#renders()}), each contributor declares its
 * contribution ({@link Step#contributesTo()}), and the kernel orders them.
 *
 * @param name unique among documents, kebab-case, e.g. {@code agent-tags}
 */
@API(status = STABLE, since = "0.1.0")
public record DocumentKey<T>(String name) {
  public DocumentKey {
    Objects.requireNonNull(name, "name");
  }

  public static <T> DocumentKey<T> of(String name) {
    return new DocumentKey<>(name);
  }
}
