package dev.eksnode.tck.internal;

import dev.eksnode.spi.EksnodeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory tree as the kit compares it: regular files (content and mode) and directories (mode),
 * keyed by their path relative to the tree's top ({@code etc/os-release}). Symbolic links are not part
 * of a tree.
 *
 * <p>On disk a snapshot tree (a case's {@code input/} and {@code expected/}, a base root) keeps the
 * modes in a sidecar file {@value #MODES} at its top, because version control keeps no modes: one line
 * per entry, {@code <octal-mode> <relative-path>}, directories with a trailing {@code /}, sorted by
 * path. Blank lines and lines starting with {@code #} are ignored. An entry missing from the listing
 * gets 0755 when it is a directory or an executable file, else 0644; a directory listed but absent
 * (version control keeps no empty directories) is created.
 */
public final class Tree {

  /** The name of the modes listing at the top of a snapshot tree. */
  public static final String MODES = ".modes";

  private static final Pattern MODE_LINE = Pattern.compile("([0-7]{3,4}) (\\S(?:.*\\S)?)");

  /** An entry of a tree. */
  public sealed interface Entry {
    int mode();
  }

  /** A regular file. */
  public record File(byte[] content, int mode) implements Entry {
    public File {
      content = content.clone();
    }

    @Override
    public byte[] content() {
      return content.clone();
    }

    public String text() {
      return new String(content, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof File file && file.mode == mode && Arrays.equals(file.content, content);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(content) + mode;
    }

    @Override
    public String toString() {
      return "file " + Modes.format(mode) + ", " + content.length + " bytes";
    }
  }

  /** A directory. */
  public record Dir(int mode) implements Entry {
    @Override
    public String toString() {
      return "directory " + Modes.format(mode);
    }
  }

  private final SortedMap<String, Entry> entries;

  private Tree(SortedMap<String, Entry> entries) {
    this.entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
  }

  public static Tree empty() {
    return new Tree(new TreeMap<>());
  }

  public static Tree of(Map<String, Entry> entries) {
    return new Tree(new TreeMap<>(entries));
  }

  public SortedMap<String, Entry> entries() {
    return entries;
  }

  public Optional<Entry> get(String path) {
    return Optional.ofNullable(entries.get(path));
  }

  /** The regular files only. */
  public SortedMap<String, File> files() {
    SortedMap<String, File> files = new TreeMap<>();
    entries.forEach(
        (path, entry) -> {
          if (entry instanceof File file) {
            files.put(path, file);
          }
        });
    return files;
  }

  /** This tree with {@code upper}'s entries added or replacing this tree's. */
  public Tree overlay(Tree upper) {
    TreeMap<String, Entry> merged = new TreeMap<>(entries);
    merged.putAll(upper.entries);
    return new Tree(merged);
  }

  /** This tree without the entries {@code excluded} accepts. */
  public Tree without(Predicate<String> excluded) {
    TreeMap<String, Entry> kept = new TreeMap<>();
    entries.forEach(
        (path, entry) -> {
          if (!excluded.test(path)) {
            kept.put(path, entry);
          }
        });
    return new Tree(kept);
  }

  /** What is under {@code root} on disk now, with the modes the disk has; {@code excluded} paths are left out. */
  public static Tree capture(Path root, Predicate<String> excluded) {
    TreeMap<String, Entry> entries = new TreeMap<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
              if (dir.equals(root)) {
                return FileVisitResult.CONTINUE;
              }
              String path = relative(root, dir);
              if (excluded.test(path)) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              entries.put(path, new Dir(modeOf(dir)));
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
              String path = relative(root, file);
              if (attributes.isRegularFile() && !excluded.test(path)) {
                entries.put(path, new File(Files.readAllBytes(file), modeOf(file)));
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new EksnodeException("cannot read the tree " + root + ": " + e.getMessage(), e);
    }
    return new Tree(entries);
  }

  /**
   * Reads a snapshot tree from a directory: its files, with the modes of its {@value #MODES} listing.
   *
   * @throws EksnodeException when the listing is malformed or names a file that is not there
   */
  public static Tree readSnapshot(Path directory) {
    Map<String, Integer> modes = new LinkedHashMap<>();
    Path listing = directory.resolve(MODES);
    if (Files.isRegularFile(listing)) {
      modes = Modes.parse(read(listing), listing.toString());
    }
    Tree onDisk = capture(directory, path -> path.equals(MODES));
    TreeMap<String, Entry> entries = new TreeMap<>();
    for (Map.Entry<String, Entry> found : onDisk.entries.entrySet()) {
      String path = found.getKey();
      Entry entry = found.getValue();
      Integer listed = modes.get(entry instanceof Dir ? path + "/" : path);
      int mode =
          listed != null
              ? listed
              : entry instanceof Dir || (entry.mode() & 0100) != 0 ? 0755 : 0644;
      entries.put(path, entry instanceof File file ? new File(file.content, mode) : new Dir(mode));
    }
    for (Map.Entry<String, Integer> listed : modes.entrySet()) {
      String path = listed.getKey();
      if (path.endsWith("/")) {
        String dir = path.substring(0, path.length() - 1);
        Entry existing = entries.get(dir);
        if (existing instanceof File) {
          throw new EksnodeException(listing + ": '" + path + "' is listed as a directory but is a file");
        }
        entries.put(dir, new Dir(listed.getValue()));
      } else if (!(entries.get(path) instanceof File)) {
        throw new EksnodeException(
            listing + ": lists the file '" + path + "', which is not in " + directory
                + (entries.get(path) instanceof Dir ? " as a file (it is a directory: list it as '" + path + "/')" : ""));
      }
    }
    addParents(entries);
    return new Tree(entries);
  }

  /**
   * Reads a snapshot tree packaged as class-path resources under {@code prefix}; the {@value #MODES}
   * listing is required, as it is the only index of a directory inside a jar.
   */
  public static Tree readResources(ClassLoader loader, String prefix) {
    String listingName = prefix + "/" + MODES;
    byte[] listing = resource(loader, listingName)
        .orElseThrow(() -> new EksnodeException("missing class-path resource " + listingName));
    return listed(Modes.parse(new String(listing, StandardCharsets.UTF_8), listingName), path -> resource(loader, prefix + "/" + path)
        .orElseThrow(() -> new EksnodeException(listingName + ": lists '" + path + "', which is not a resource")));
  }

  /**
   * A tree of the entries a {@value #MODES}-style listing names (relative path to mode, directories
   * ending in {@code /}), each file's content from {@code content}; parents not listed are directories
   * 0755.
   */
  public static Tree listed(Map<String, Integer> modes, Function<String, byte[]> content) {
    TreeMap<String, Entry> entries = new TreeMap<>();
    modes.forEach((path, mode) -> {
      if (path.endsWith("/")) {
        entries.put(path.substring(0, path.length() - 1), new Dir(mode));
      } else {
        entries.put(path, new File(content.apply(path), mode));
      }
    });
    addParents(entries);
    return new Tree(entries);
  }

  /** A class-path resource's bytes; empty when there is no such resource. */
  public static Optional<byte[]> resource(ClassLoader loader, String name) {
    try (InputStream in = loader.getResourceAsStream(name)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read class-path resource " + name, e);
    }
  }

  private static void addParents(Map<String, Entry> entries) {
    for (String path : List.copyOf(entries.keySet())) {
      for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
        entries.putIfAbsent(path.substring(0, slash), new Dir(0755));
      }
    }
  }

  /** Creates this tree under {@code root} (which may exist), with exactly the modes of its entries. */
  public void materialize(Path root) {
    try {
      Files.createDirectories(root);
      for (Map.Entry<String, Entry> entry : entries.entrySet()) {
        Path target = root.resolve(entry.getKey());
        switch (entry.getValue()) {
          case Dir dir -> Files.createDirectories(target);
          case File file -> {
            Files.createDirectories(target.getParent());
            Files.write(target, file.content);
            Files.setPosixFilePermissions(target, Modes.permissions(file.mode()));
          }
        }
      }
      List<String> directories = new ArrayList<>();
      entries.forEach((path, entry) -> {
        if (entry instanceof Dir) {
          directories.add(path);
        }
      });
      directories.sort(Comparator.reverseOrder());
      for (String path : directories) {
        Files.setPosixFilePermissions(root.resolve(path), Modes.permissions(entries.get(path).mode()));
      }
    } catch (IOException e) {
      throw new EksnodeException("cannot create the tree " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * Replaces the snapshot in {@code directory} with this tree: its files (mode 0755 on disk when
   * executable, else 0644, as version control keeps them) and a {@value #MODES} listing every entry.
   */
  public void writeSnapshot(Path directory) {
    deleteTree(directory);
    try {
      Files.createDirectories(directory);
      for (Map.Entry<String, Entry> entry : entries.entrySet()) {
        Path target = directory.resolve(entry.getKey());
        switch (entry.getValue()) {
          case Dir dir -> Files.createDirectories(target);
          case File file -> {
            Files.createDirectories(target.getParent());
            Files.write(target, file.content);
            Files.setPosixFilePermissions(target, Modes.permissions((file.mode() & 0111) != 0 ? 0755 : 0644));
          }
        }
      }
      Files.writeString(directory.resolve(MODES), modesListing());
    } catch (IOException e) {
      throw new EksnodeException("cannot write the snapshot " + directory + ": " + e.getMessage(), e);
    }
  }

  /** The {@value #MODES} listing of this tree. */
  public String modesListing() {
    StringBuilder text = new StringBuilder();
    entries.forEach(
        (path, entry) ->
            text.append(Modes.format(entry.mode())).append(' ').append(path)
                .append(entry instanceof Dir ? "/" : "").append('\n'));
    return text.toString();
  }

  /** Deletes a directory tree whatever the modes inside it; nothing when it does not exist. */
  public static void deleteTree(Path directory) {
    if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path path : walk.toList()) {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          Files.setPosixFilePermissions(path, EnumSet.of(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        }
      }
    } catch (IOException e) {
      throw new EksnodeException("cannot delete " + directory + ": " + e.getMessage(), e);
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new EksnodeException("cannot delete " + directory + ": " + e.getMessage(), e);
    }
  }

  static String relative(Path root, Path path) {
    return root.relativize(path).toString().replace(java.io.File.separatorChar, '/');
  }

  private static int modeOf(Path path) throws IOException {
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    return Modes.of(permissions);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new EksnodeException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Tree tree && tree.entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return entries.size() + " entries";
  }

  /** Parses and formats {@value #MODES} listings and permission bits. */
  public static final class Modes {
    private Modes() {}

    public static String format(int mode) {
      return String.format("%04o", mode);
    }

    /**
     * Parses a listing into path to mode, in listing order.
     *
     * @throws EksnodeException naming the line of the first malformed entry
     */
    public static Map<String, Integer> parse(String text, String source) {
      Map<String, Integer> modes = new LinkedHashMap<>();
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        Matcher matcher = MODE_LINE.matcher(line);
        String path = matcher.matches() ? matcher.group(2) : "";
        if (!matcher.matches() || path.startsWith("/") || path.contains("//") || path.equals("/")
            || Arrays.asList(path.split("/")).stream().anyMatch(part -> part.equals("..") || part.equals("."))) {
          throw new EksnodeException(
              source + ", line " + (i + 1) + ": expected '<octal-mode> <relative-path>' (e.g. '0644 etc/os-release',"
                  + " directories with a trailing /), found '" + line + "'");
        }
        if (modes.put(path, Integer.parseInt(matcher.group(1), 8)) != null) {
          throw new EksnodeException(source + ", line " + (i + 1) + ": '" + path + "' is listed twice");
        }
      }
      return modes;
    }

    static Set<PosixFilePermission> permissions(int mode) {
      Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
      PosixFilePermission[] bits = PosixFilePermission.values();
      for (PosixFilePermission permission : bits) {
        if ((mode & (1 << (8 - permission.ordinal()))) != 0) {
          permissions.add(permission);
        }
      }
      return permissions;
    }

    static int of(Set<PosixFilePermission> permissions) {
      int mode = 0;
      for (PosixFilePermission permission : permissions) {
        mode |= 1 << (8 - permission.ordinal());
      }
      return mode;
    }
  }
}
