package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

/**
 * One step's addition to a shared document.
 *
 * @param stepId the contributing step
 * @param value what it added
 */
@API(status = STABLE, since = "0.1.0")
public record Contribution<T>(String stepId, T value) {}
