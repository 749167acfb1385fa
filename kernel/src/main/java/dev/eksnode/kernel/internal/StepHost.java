package dev.eksnode.kernel.internal;

import dev.eksnode.kernel.ManagedFile;
import dev.eksnode.spi.CommandResult;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.HostException;
import dev.eksnode.spi.ServiceAction;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One step's view of the host: passes everything through and records what the step changed (files)
 * and did (commands, service actions), which the report and the step outcome are built from.
 */
public final class StepHost implements Host {

  private final FileHost host;
  private final String stepId;
  private final Map<String, ManagedFile> managed;
  private final List<String> changes = new ArrayList<>();
  private final List<String> actions = new ArrayList<>();
  private final boolean checking;

  /**
   * @param host the run's host
   * @param stepId the step this view belongs to
   * @param managed where every file the step writes (changed or not) is recorded, by path
   */
  public StepHost(FileHost host, String stepId, Map<String, ManagedFile> managed) {
    this(host, stepId, managed, false);
  }

  /**
   * @param checking the step only checks ({@link dev.eksnode.spi.Step#checksOnly()}): every write,
   *     command and service action is refused
   */
  public StepHost(FileHost host, String stepId, Map<String, ManagedFile> managed, boolean checking) {
    this.host = host;
    this.stepId = stepId;
    this.managed = managed;
    this.checking = checking;
  }

  private void refuseWhenChecking(String what) {
    if (checking) {
      throw new HostException(
          "step " + stepId + " only checks (checksOnly) and may not change the machine, but tried to " + what);
    }
  }

  /** Files written, deleted or created, e.g. {@code wrote /etc/x (0644)}. */
  public synchronized List<String> changes() {
    return List.copyOf(changes);
  }

  /**
   * Commands run and service actions, e.g. {@code run systemctl set-environment 'A=b c'} or {@code
   * systemctl restart kubelet.service}; a command's arguments are written as {@link CommandText} does.
   */
  public synchronized List<String> actions() {
    return List.copyOf(actions);
  }

  private synchronized void changed(String change) {
    changes.add(change);
  }

  private synchronized void acted(String action) {
    actions.add(action);
  }

  public static String sha256(byte[] content) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public boolean live() {
    return host.live();
  }

  @Override
  public boolean exists(String path) {
    return host.exists(path);
  }

  @Override
  public Optional<byte[]> read(String path) {
    return host.read(path);
  }

  @Override
  public Optional<String> readString(String path) {
    return host.readString(path);
  }

  @Override
  public List<String> list(String directory) {
    return host.list(directory);
  }

  @Override
  public Optional<Integer> mode(String path) {
    return host.mode(path);
  }

  @Override
  public boolean write(String path, byte[] content, int mode) {
    refuseWhenChecking("write " + path);
    boolean changed = host.write(path, content, mode);
    // The plain digest stays in memory; the report replaces it for files that are not world-readable.
    managed.put(path, new ManagedFile(path, String.format("%04o", mode), sha256(content), stepId));
    if (changed) {
      changed("wrote " + path + " (" + String.format("%04o", mode) + ")");
    }
    return changed;
  }

  @Override
  public boolean delete(String path) {
    refuseWhenChecking("delete " + path);
    boolean changed = host.delete(path);
    managed.remove(path);
    if (changed) {
      changed("deleted " + path);
    }
    return changed;
  }

  @Override
  public boolean createDirectories(String path, int mode) {
    refuseWhenChecking("create " + path);
    boolean changed = host.createDirectories(path, mode);
    if (changed) {
      changed("created " + path + "/ (" + String.format("%04o", mode) + ")");
    }
    return changed;
  }

  @Override
  public CommandResult run(List<String> command) {
    refuseWhenChecking("run " + CommandText.of(command));
    acted("run " + CommandText.of(command));
    return host.run(command);
  }

  @Override
  public CommandResult probe(List<String> command) {
    return host.probe(command);
  }

  @Override
  public void service(ServiceAction action, String unit) {
    refuseWhenChecking(action.verb() + " " + unit);
    acted(action == ServiceAction.DAEMON_RELOAD ? "systemctl daemon-reload" : "systemctl " + action.verb() + " " + unit);
    host.service(action, unit);
  }

  @Override
  public Optional<String> env(String name) {
    return host.env(name);
  }

  @Override
  public Clock clock() {
    return host.clock();
  }
}
