package dev.eksnode.spi;

/**
 * One step's addition to a shared document.
 *
 * @param stepId the contributing step
 * @param value what it added
 */
public record Contribution<T>(String stepId, T value) {}
