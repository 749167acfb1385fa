package dev.eksnode.spi;

import java.util.Objects;

/**
 * A shared document several plugins contribute to and one step renders, e.g. the node labels.
 * Stable API.
 *
 * @param name unique, e.g. {@code node-labels}
 * @param renderedBy the id of the step that renders it; contributors declare {@code before} it
 */
public record DocumentKey<T>(String name, String renderedBy) {
  public DocumentKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(renderedBy, "renderedBy");
  }
}
