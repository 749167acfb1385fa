package dev.eksnode.kernel.internal;

import dev.eksnode.kernel.ChangeObserver;
import dev.eksnode.spi.CommandResult;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.HostException;
import dev.eksnode.spi.ServiceAction;
import java.io.ByteArrayOutputStream;
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
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Host} over a directory tree: {@code /} on a live node, any directory in tests and with
 * {@code --root}. In dry-run mode writes go to an in-memory overlay that later reads see, so {@code
 * plan} can run every step and show what would change without touching the disk.
 *
 * <p>A write goes to {@code .<name>.eksnode-tmp} beside the target, is fsync'd and renamed over it.
 * A crash between the two leaves that temporary file behind; the next write of the same path removes
 * it and creates it afresh (never through a link), and a failed write removes it.
 *
 * <p>Paths are walked a component at a time. Under a root other than {@code /}, a symbolic link is
 * followed only when its target stays inside the root (a relative target that does not climb out);
 * a link to an absolute path or out of the root is refused, naming the link. Under every root, no
 * symbolic link is followed at or below {@value #OWN_STATE}, where eksnode keeps its state and reports.
 * Only regular files are read, at most {@value #MAX_READ_BYTES} bytes. Commands have a deadline
 * ({@value #PROBE_DEADLINE_VARIABLE}, {@value #COMMAND_DEADLINE_VARIABLE}) and at most {@value
 * #MAX_OUTPUT_BYTES} bytes of output per stream; past either the command and its children are killed
 * and the call fails.
 */
public final class FileHost implements Host {

  /** The largest file read back through the host: 16 MiB (the machine's own files are far smaller). */
  public static final int MAX_READ_BYTES = 16 * 1024 * 1024;

  /** The most a command may write to standard output, and to standard error: 1 MiB each. */
  public static final int MAX_OUTPUT_BYTES = 1024 * 1024;

  /** Where eksnode keeps its own state and reports: never reached through a symbolic link. */
  static final String OWN_STATE = "/var/lib/eksnode";

  /** Seconds a probe ({@code kubelet --version}) may take; default {@value #DEFAULT_PROBE_DEADLINE_SECONDS}. */
  public static final String PROBE_DEADLINE_VARIABLE = "EKSNODE_PROBE_DEADLINE_SECONDS";

  /** Seconds a command that changes the machine or a service action may take; default {@value #DEFAULT_COMMAND_DEADLINE_SECONDS}. */
  static final String COMMAND_DEADLINE_VARIABLE = "EKSNODE_COMMAND_DEADLINE_SECONDS";

  static final long DEFAULT_PROBE_DEADLINE_SECONDS = 30;
  static final long DEFAULT_COMMAND_DEADLINE_SECONDS = 1800;

  private static final Logger LOGGER = LoggerFactory.getLogger(FileHost.class);
  private static final List<String> SEARCH_PATH =
      List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");
  private static final int MAX_LINKS = 40;

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

  /** Maps a node path onto the root lexically, refusing anything that would leave it; links are not looked at. */
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

  /**
   * The file on disk for a node path, its directories walked one at a time: a symbolic link among them
   * is followed only when it stays inside the root (and never at or below {@value #OWN_STATE}). The
   * last component is followed the same way when {@code followLast}; else it is left as it is (a write
   * replaces a link there, a delete removes it).
   *
   * @throws HostException naming the link, and where it leads, when it may not be followed
   */
  Path locate(String path, boolean followLast) {
    resolve(path);
    String current = path;
    for (int hops = 0; ; hops++) {
      Path here = root;
      Path relative = root.relativize(resolve(current));
      int count = relative.getNameCount();
      if (relative.toString().isEmpty()) {
        return root;
      }
      String redirected = null;
      for (int i = 0; i < count; i++) {
        Path next = here.resolve(relative.getName(i).toString());
        boolean last = i == count - 1;
        if ((last && !followLast) || !Files.isSymbolicLink(next)) {
          if (!last && !Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
            return next.resolve(relative.subpath(i + 1, count).toString());
          }
          here = next;
          continue;
        }
        String linkPath = "/" + root.relativize(next);
        if (hops >= MAX_LINKS) {
          throw new HostException("cannot follow " + path + ": more than " + MAX_LINKS + " symbolic links (a loop?) at " + linkPath);
        }
        if (linkPath.equals(OWN_STATE) || linkPath.startsWith(OWN_STATE + "/")) {
          throw new HostException("refusing " + path + ": " + linkPath + " is a symbolic link, and eksnode follows none in "
              + OWN_STATE + ", where it keeps its state (remove the link)");
        }
        Path target = readLink(next, path);
        Path landing = here.resolve(target).normalize();
        if (!live && (target.isAbsolute() || !landing.startsWith(root))) {
          throw new HostException("refusing " + path + ": " + linkPath + " is a symbolic link to " + target
              + ", which leads out of the root " + root);
        }
        String rest = last ? "" : "/" + relative.subpath(i + 1, count);
        redirected = (landing.equals(root) ? "" : "/" + root.relativize(landing)) + rest;
        break;
      }
      if (redirected == null) {
        return here;
      }
      current = redirected.isEmpty() ? "/" : redirected;
    }
  }

  private static Path readLink(Path link, String path) {
    try {
      return Files.readSymbolicLink(link);
    } catch (IOException e) {
      throw new HostException("cannot read the symbolic link on the way to " + path + ": " + describe(e), e);
    }
  }

  private static String printable(String path) {
    return path == null ? "null" : path.replace("\0", "\\0");
  }

  @Override
  public boolean exists(String path) {
    Path file = locate(path, false);
    Pending pending = overlay.get(file);
    if (pending != null) {
      return pending.content() != null;
    }
    return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public Optional<byte[]> read(String path) {
    Path file = locate(path, false);
    Pending pending = overlay.get(file);
    if (pending != null) {
      return Optional.ofNullable(pending.content()).map(byte[]::clone);
    }
    return readRegular(path, locate(path, true), -1);
  }

  /**
   * The content of a regular file, at most {@value #MAX_READ_BYTES} bytes; empty when there is none or
   * it is not a regular file (a FIFO is never opened).
   *
   * @param expectedSize when not negative, a file of any other size is reported as different content
   *     (an empty result) without being read
   */
  private static Optional<byte[]> readRegular(String path, Path file, long expectedSize) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new HostException("cannot read " + path + ": " + describe(e), e);
    }
    if (!attributes.isRegularFile() || (expectedSize >= 0 && attributes.size() != expectedSize)) {
      return Optional.empty();
    }
    if (attributes.size() > MAX_READ_BYTES) {
      throw tooLarge(path, attributes.size());
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes(MAX_READ_BYTES + 1);
      if (bytes.length > MAX_READ_BYTES) {
        throw tooLarge(path, bytes.length);
      }
      return Optional.of(bytes);
    } catch (IOException e) {
      throw new HostException("cannot read " + path + ": " + describe(e), e);
    }
  }

  private static HostException tooLarge(String path, long size) {
    return new HostException("cannot read " + path + ": it is " + (size > MAX_READ_BYTES + 1L ? size + " bytes" : "more than "
        + MAX_READ_BYTES + " bytes") + ", more than the " + MAX_READ_BYTES + " bytes (16 MiB) eksnode reads back from a file");
  }

  @Override
  public Optional<String> readString(String path) {
    return read(path).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
  }

  @Override
  public List<String> list(String directory) {
    Path dir = locate(directory, true);
    Set<String> names = new TreeSet<>();
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
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
    Path file = locate(path, false);
    Pending pending = overlay.get(file);
    if (pending != null) {
      return pending.content() == null ? Optional.empty() : Optional.of(pending.mode());
    }
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
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
    Path file = locate(path, false);
    // Read once: the same answer decides "nothing to do" and, outside a dry run, "only the mode changes".
    // A link where the file goes is never read through: the write replaces it.
    Pending pending = overlay.get(file);
    Optional<byte[]> old = pending != null ? Optional.ofNullable(pending.content()) : readRegular(path, file, content.length);
    boolean sameContent = old.map(bytes -> Arrays.equals(bytes, content)).orElse(false);
    if (sameContent && mode(path).map(current -> current == mode).orElse(false)) {
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
        // A leftover of an interrupted write, or a link someone put there: removed, never written through.
        Files.deleteIfExists(temporary);
        try (FileChannel channel =
            FileChannel.open(
                temporary,
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
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
    Path file = locate(path, false);
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
    Path dir = locate(path, true);
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
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
    return execute(command, deadline(COMMAND_DEADLINE_VARIABLE, DEFAULT_COMMAND_DEADLINE_SECONDS));
  }

  @Override
  public CommandResult probe(List<String> command) {
    if (command.isEmpty()) {
      throw new HostException("empty command");
    }
    List<String> resolved = new ArrayList<>(command);
    Optional<Path> program = locateProgram(command.getFirst());
    if (program.isEmpty()) {
      return new CommandResult(127, "", command.getFirst() + ": not found under " + root);
    }
    resolved.set(0, program.get().toString());
    return execute(resolved, deadline(PROBE_DEADLINE_VARIABLE, DEFAULT_PROBE_DEADLINE_SECONDS));
  }

  private Optional<Path> locateProgram(String program) {
    List<String> candidates =
        program.startsWith("/") ? List.of(program) : SEARCH_PATH.stream().map(d -> d + "/" + program).toList();
    for (String candidate : candidates) {
      Path file;
      try {
        file = locate(candidate, true);
      } catch (HostException e) {
        if (program.startsWith("/")) {
          throw e;
        }
        continue; // a search directory that leads out of the root is not searched
      }
      if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.isExecutable(file)) {
        return Optional.of(file);
      }
    }
    return Optional.empty();
  }

  /** How long a command may take, and the variable that says so. */
  private record Deadline(Duration seconds, String variable) {}

  /** A deadline from the environment eksnode was given, else the default; a value that is no whole number of seconds is refused. */
  private Deadline deadline(String variable, long defaultSeconds) {
    String text = environment.get(variable);
    if (text == null || text.isBlank()) {
      return new Deadline(Duration.ofSeconds(defaultSeconds), variable);
    }
    try {
      long seconds = Long.parseLong(text.strip());
      if (seconds >= 1 && seconds <= 86_400) {
        return new Deadline(Duration.ofSeconds(seconds), variable);
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new HostException(variable + "=\"" + text + "\" is not a number of seconds from 1 to 86400");
  }

  /**
   * Runs a command with a deadline and bounded output. Past the deadline, or once either stream passes
   * {@value #MAX_OUTPUT_BYTES} bytes, the command and its children are killed and the call fails. A
   * command that exits while something it started keeps its output open is not waited for past a
   * short grace: its result stands with the output read so far.
   */
  private CommandResult execute(List<String> command, Deadline deadline) {
    String shown = String.join(" ", command);
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      return new CommandResult(127, "", describe(e));
    }
    Output stdout = Output.drain(process.getInputStream());
    Output stderr = Output.drain(process.getErrorStream());
    try {
      process.getOutputStream().close();
      long end = System.nanoTime() + deadline.seconds().toNanos();
      CompletableFuture<?> overflow = CompletableFuture.anyOf(stdout.overflow, stderr.overflow);
      CompletableFuture<?> exited = CompletableFuture.anyOf(process.onExit(), overflow);
      try {
        exited.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        kill(process);
        throw new HostException("command did not finish within " + deadline.seconds().toSeconds() + " s ("
            + deadline.variable() + ") and was killed: " + shown);
      }
      if (!overflow.isDone()) {
        try {
          CompletableFuture.anyOf(CompletableFuture.allOf(stdout.done, stderr.done), overflow)
              .get(OUTPUT_GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          LOGGER.debug("{}: exited, but something it started keeps its output open; not waiting for it", shown);
        }
      }
      if (overflow.isDone()) {
        kill(process);
        throw new HostException("command wrote more than " + MAX_OUTPUT_BYTES + " bytes (1 MiB) to its "
            + (stdout.overflow.isDone() ? "standard output" : "standard error") + " and was killed: " + shown);
      }
      return new CommandResult(process.exitValue(), stdout.text(), stderr.text());
    } catch (IOException e) {
      kill(process);
      return new CommandResult(127, "", describe(e));
    } catch (ExecutionException e) {
      kill(process);
      throw new HostException("cannot run " + shown + ": " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new HostException("interrupted while running " + shown, e);
    }
  }

  private static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);

  /** Kills a command and every process it started that is still its descendant. */
  private static void kill(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
  }

  /** One output stream of a command, read on its own thread up to {@value #MAX_OUTPUT_BYTES} bytes. */
  private static final class Output {
    final CompletableFuture<Void> done = new CompletableFuture<>();
    final CompletableFuture<Void> overflow = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    static Output drain(InputStream stream) {
      Output output = new Output();
      Thread.ofVirtual().name("command-output").start(() -> output.read(stream));
      return output;
    }

    private void read(InputStream stream) {
      try (stream) {
        byte[] buffer = new byte[8192];
        for (int n; (n = stream.read(buffer)) >= 0; ) {
          synchronized (this) {
            if (bytes.size() + n > MAX_OUTPUT_BYTES) {
              overflow.complete(null);
              return;
            }
            bytes.write(buffer, 0, n);
          }
        }
      } catch (IOException e) {
        // the stream closed under us: the command was killed; what was read stands
      } finally {
        done.complete(null);
      }
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
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
    CommandResult result = execute(command, deadline(COMMAND_DEADLINE_VARIABLE, DEFAULT_COMMAND_DEADLINE_SECONDS));
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
    CommandResult after = execute(
        List.of("systemctl", "show", "--property=After", "--value", unit), deadline(PROBE_DEADLINE_VARIABLE, DEFAULT_PROBE_DEADLINE_SECONDS));
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
