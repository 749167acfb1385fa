package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

import java.util.Objects;

/**
 * A shared document several plugins contribute to and one step renders, e.g. the node labels.
 *
 *
 * @param name unique, e.g. {@code node-labels}
 * @param renderedBy the id of the step that renders it; contributors declare {@code before} it
 */
@API(status = STABLE, since = "0.1.0")
public record DocumentKey<T>(String name, String renderedBy) {
  public DocumentKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(renderedBy, "renderedBy");
  }
}
