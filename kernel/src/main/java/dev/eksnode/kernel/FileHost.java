package dev.eksnode.kernel;

import dev.eksnode.spi.CommandResult;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.HostException;
import dev.eksnode.spi.ServiceAction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The {@link Host} over a directory tree: {@code /} on a live node, any directory in tests and with
 * {@code --root}. In dry-run mode writes go to an in-memory overlay that later reads see, so {@code
 * plan} can run every step and show what would change without touching the disk.
 *
 * <p>A write goes to {@code .<name>.eksnode-tmp} beside the target, is fsync'd and renamed over it.
 * A crash between the two leaves that temporary file behind; the next write of the same path
 * truncates and reuses it, and a failed write removes it.
 */
final class FileHost implements Host {

  private static final List<String> SEARCH_PATH =
      List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");
  private static final long COMMAND_TIMEOUT_SECONDS = 300;

  private final Path root;
  private final boolean live;
  private final boolean dryRun;
  private final Map<String, String> environment;
  private final Clock clock;
  private final ChangeObserver observer;
  private final Map<Path, Pending> overlay = new ConcurrentHashMap<>();

  /** What a dry run would have left at a path; {@code content == null} means deleted. */
  private record Pending(byte[] content, int mode) {}

  public FileHost(Path root, boolean dryRun, Map<String, String> environment, Clock clock) {
    this(root, dryRun, environment, clock, ChangeObserver.NONE);
  }

  /** A host that tells {@code observer} about each change before making it. */
  public FileHost(Path root, boolean dryRun, Map<String, String> environment, Clock clock, ChangeObserver observer) {
    this.root = root.toAbsolutePath().normalize();
    this.live = this.root.getParent() == null;
    this.dryRun = dryRun;
    this.environment = Map.copyOf(environment);
    this.clock = clock;
    this.observer = observer;
  }

  /** The directory standing in for {@code /}. */
  public Path root() {
    return root;
  }

  @Override
  public boolean live() {
    return live;
  }

  /** Maps a node path onto the root, refusing anything that would leave it. */
  public Path resolve(String path) {
    if (path == null || !path.startsWith("/") || path.indexOf('\0') >= 0) {
      throw new HostException("path must be absolute and free of NUL bytes: " + printable(path));
    }
    Path resolved = root.resolve(path.substring(1)).normalize();
    if (!resolved.startsWith(root)) {
      throw new HostException("path leaves the root " + root + ": " + printable(path));
    }
    return resolved;
  }

  private static String printable(String path) {
    return path == null ? "null" : path.replace("\0", "\\0");
  }

  @Override
  public boolean exists(String path) {
    Path file = resolve(path);
    Pending pending = overlay.get(file);
    if (pending != null) {
      return pending.content() != null;
    }
    return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public Optional<byte[]> read(String path) {
    Path file = resolve(path);
    Pending pending = overlay.get(file);
    if (pending != null) {
      return Optional.ofNullable(pending.content()).map(byte[]::clone);
    }
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new HostException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<String> readString(String path) {
    return read(path).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
  }

  @Override
  public List<String> list(String directory) {
    Path dir = resolve(directory);
    Set<String> names = new TreeSet<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        entries.forEach(entry -> names.add(entry.getFileName().toString()));
      } catch (IOException e) {
        throw new HostException("cannot list " + directory + ": " + e.getMessage(), e);
      }
    }
    overlay.forEach(
        (file, pending) -> {
          if (dir.equals(file.getParent())) {
            if (pending.content() == null) {
              names.remove(file.getFileName().toString());
            } else {
              names.add(file.getFileName().toString());
            }
          }
        });
    return List.copyOf(names);
  }

  @Override
  public Optional<Integer> mode(String path) {
    Path file = resolve(path);
    Pending pending = overlay.get(file);
    if (pending != null) {
      return pending.content() == null ? Optional.empty() : Optional.of(pending.mode());
    }
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(toMode(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)));
    } catch (IOException e) {
      throw new HostException("cannot read the mode of " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean write(String path, byte[] content, int mode) {
    Path file = resolve(path);
    // Read once: the same answer decides "nothing to do" and, outside a dry run, "only the mode changes".
    boolean sameContent = read(path).map(old -> Arrays.equals(old, content)).orElse(false);
    if (sameContent && mode(path).map(old -> old == mode).orElse(false)) {
      return false;
    }
    observer.beforeChange(path);
    if (dryRun) {
      overlay.put(file, new Pending(content.clone(), mode));
      return true;
    }
    try {
      if (sameContent) {
        Files.setPosixFilePermissions(file, toPermissions(mode));
        return true;
      }
      Path parent = file.getParent();
      createMissing(parent, 0755);
      Path temporary = parent.resolve("." + file.getFileName() + ".eksnode-tmp");
      try {
        try (FileChannel channel =
            FileChannel.open(
                temporary,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
          Files.setPosixFilePermissions(temporary, toPermissions(mode));
          ByteBuffer buffer = ByteBuffer.wrap(content);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
          channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
      syncDirectory(parent);
      return true;
    } catch (IOException e) {
      throw new HostException("cannot write " + path + ": " + describe(e), e);
    }
  }

  /**
   * Creates {@code directory} and its missing parents, giving each one it creates exactly {@code mode}
   * (whatever the umask), deepest first so a read-only mode does not stop the creation of a child.
   */
  private static void createMissing(Path directory, int mode) throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path dir = directory; dir != null && !Files.isDirectory(dir); dir = dir.getParent()) {
      missing.add(dir);
    }
    if (missing.isEmpty()) {
      return;
    }
    Files.createDirectories(directory);
    for (Path dir : missing) {
      Files.setPosixFilePermissions(dir, toPermissions(mode));
    }
  }

  /**
   * The operating system's error in its own words ({@code Permission denied}, {@code No space left on
   * device}) and, when the JDK names it, the file on disk it concerned (the temporary file, a parent).
   * The JDK leaves the reason out of {@link AccessDeniedException} and a few others; it is put back here.
   */
  static String describe(IOException e) {
    if (e instanceof FileSystemException failed) {
      String reason = failed.getReason() != null ? failed.getReason() : switch (failed) {
        case AccessDeniedException denied -> "Permission denied";
        case NoSuchFileException missing -> "No such file or directory";
        case FileAlreadyExistsException exists -> "File exists";
        case DirectoryNotEmptyException notEmpty -> "Directory not empty";
        case NotDirectoryException notDirectory -> "Not a directory";
        default -> failed.getClass().getSimpleName();
      };
      return reason + (failed.getFile() == null ? "" : " (" + failed.getFile() + ")");
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  @Override
  public boolean delete(String path) {
    Path file = resolve(path);
    if (!exists(path)) {
      return false;
    }
    observer.beforeChange(path);
    if (dryRun) {
      overlay.put(file, new Pending(null, 0));
      return true;
    }
    try {
      Files.delete(file);
      syncDirectory(file.getParent());
      return true;
    } catch (IOException e) {
      throw new HostException("cannot delete " + path + ": " + describe(e), e);
    }
  }

  @Override
  public boolean createDirectories(String path, int mode) {
    Path dir = resolve(path);
    if (Files.isDirectory(dir)) {
      return false;
    }
    observer.beforeChange(path);
    if (dryRun) {
      return true;
    }
    try {
      createMissing(dir, mode);
      return true;
    } catch (IOException e) {
      throw new HostException("cannot create directory " + path + ": " + describe(e), e);
    }
  }

  @Override
  public CommandResult run(List<String> command) {
    if (!live || dryRun) {
      return new CommandResult(0, "", "");
    }
    return execute(command);
  }

  @Override
  public CommandResult probe(List<String> command) {
    if (command.isEmpty()) {
      throw new HostException("empty command");
    }
    List<String> resolved = new ArrayList<>(command);
    Optional<Path> program = locate(command.getFirst());
    if (program.isEmpty()) {
      return new CommandResult(127, "", command.getFirst() + ": not found under " + root);
    }
    resolved.set(0, program.get().toString());
    return execute(resolved);
  }

  private Optional<Path> locate(String program) {
    List<String> candidates =
        program.startsWith("/") ? List.of(program) : SEARCH_PATH.stream().map(d -> d + "/" + program).toList();
    for (String candidate : candidates) {
      Path file = resolve(candidate);
      if (Files.isRegularFile(file) && Files.isExecutable(file)) {
        return Optional.of(file);
      }
    }
    return Optional.empty();
  }

  private CommandResult execute(List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      CompletableFuture<String> stdout = drain(process.getInputStream());
      CompletableFuture<String> stderr = drain(process.getErrorStream());
      if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new HostException(
            "command timed out after " + COMMAND_TIMEOUT_SECONDS + " s: " + String.join(" ", command));
      }
      return new CommandResult(process.exitValue(), stdout.join(), stderr.join());
    } catch (IOException e) {
      return new CommandResult(127, "", describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostException("interrupted while running " + String.join(" ", command), e);
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        },
        Thread::startVirtualThread);
  }

  @Override
  public void service(ServiceAction action, String unit) {
    if (dryRun) {
      return;
    }
    List<String> command =
        action == ServiceAction.DAEMON_RELOAD
            ? List.of("systemctl", "daemon-reload")
            : List.of("systemctl", action.verb(), unit);
    observer.beforeAction(String.join(" ", command));
    if (!live) {
      return;
    }
    if ((action == ServiceAction.START || action == ServiceAction.RESTART) && orderedAfterCaller(unit)) {
      command = List.of("systemctl", "--no-block", action.verb(), unit);
    }
    CommandResult result = execute(command);
    if (!result.succeeded()) {
      throw new HostException(
          "systemctl " + action.verb() + " " + unit + " failed with exit " + result.exitCode() + ": "
              + result.stderr().strip());
    }
  }

  /** Whether this process runs as a systemd service that {@code unit} is ordered after; see {@link QueuedJobs}. */
  private boolean orderedAfterCaller(String unit) {
    if (environment.get(QueuedJobs.INVOCATION_ID) == null) {
      return false;
    }
    Optional<String> caller;
    try {
      caller = QueuedJobs.callerService(Files.readString(Path.of("/proc/self/cgroup")));
    } catch (IOException e) {
      return false;
    }
    if (caller.isEmpty()) {
      return false;
    }
    CommandResult after = execute(List.of("systemctl", "show", "--property=After", "--value", unit));
    return after.succeeded() && QueuedJobs.orderedAfter(after.stdout(), caller.get());
  }

  @Override
  public Optional<String> env(String name) {
    return Optional.ofNullable(environment.get(name));
  }

  @Override
  public Clock clock() {
    return clock;
  }

  static Set<PosixFilePermission> toPermissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        permissions.add(order[bit]);
      }
    }
    return permissions;
  }

  static int toMode(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission permission : permissions) {
      mode |= 1 << (8 - permission.ordinal());
    }
    return mode;
  }
}
