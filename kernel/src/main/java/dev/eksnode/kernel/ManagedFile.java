package dev.eksnode.kernel;

/**
 * A file a run manages: written, or found already as it should be. {@code eksnode verify-node} checks
 * the machine against these.
 *
 * @param path the node path, e.g. {@code /etc/kubernetes/pki/ca.crt}
 * @param mode the permission bits as four octal digits, e.g. {@code 0644}
 * @param sha256 the content's SHA-256, lower-case hex
 * @param step the step that manages it
 */
public record ManagedFile(String path, String mode, String sha256, String step) {}
