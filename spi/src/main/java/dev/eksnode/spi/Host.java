package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The machine a step changes, and the only way a step touches it. Paths are absolute node paths
 * ({@code /etc/acme/agent.conf}) and are resolved under the run's root; a path that would leave
 * the root is refused. Every change is recorded for the run report.
 *
 * <p>Writes are atomic (temporary file, fsync, rename) with an explicit mode, and a write whose
 * content and mode already match changes nothing. Under a root other than {@code /}, {@link #run}
 * and {@link #service} are recorded and not executed. Thread-safe.
 */
@API(status = STABLE, since = "0.1.0")
public interface Host {

  /** Whether this host is the live machine ({@code --root /}) rather than a directory tree. */
  boolean live();

  boolean exists(String path);

  /** The file's content, or empty when there is no such file. */
  Optional<byte[]> read(String path);

  /** The file's content as UTF-8, or empty when there is no such file. */
  Optional<String> readString(String path);

  /** The names of the entries of a directory, sorted; empty when it does not exist. */
  List<String> list(String directory);

  /** The file's permission bits ({@code 0644}), or empty when there is no such file. */
  Optional<Integer> mode(String path);

  /**
   * Writes a file atomically with the given permission bits, creating parent directories (0755).
   *
   * @return whether anything changed
   */
  boolean write(String path, byte[] content, int mode);

  /** {@link #write} with UTF-8 text. */
  default boolean writeString(String path, String content, int mode) {
    return write(path, content.getBytes(java.nio.charset.StandardCharsets.UTF_8), mode);
  }

  /**
   * Deletes a file.
   *
   * @return whether there was one
   */
  boolean delete(String path);

  /**
   * Creates a directory and its parents with the given permission bits.
   *
   * @return whether anything changed
   */
  boolean createDirectories(String path, int mode);

  /**
   * Runs a command that changes the machine (package installs, mdadm, ...). The arguments are passed
   * as they are, never through a shell. Recorded and not executed under a root other than {@code /},
   * where the result is a success with empty output.
   */
  CommandResult run(List<String> command);

  /**
   * Runs a command that only reads (e.g. {@code acme-agent --version}); it runs under any root. Under a
   * root other than {@code /} an absolute program path is resolved inside the root, so a snapshot
   * root can carry a stand-in. A program that is not there gives exit code 127.
   */
  CommandResult probe(List<String> command);

  /** Performs a systemd action, e.g. {@code (RESTART, "acme-agent.service")}. Recorded always. */
  void service(ServiceAction action, String unit);

  /** An environment variable of the eksnode process. */
  Optional<String> env(String name);

  /** The clock; tests use a fixed one. */
  Clock clock();
}
