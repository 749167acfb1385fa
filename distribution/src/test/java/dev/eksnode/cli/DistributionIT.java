package dev.eksnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball as an operator gets it: unpacked, installed with install.sh into a directory (and, as
 * root, inside a minimal Debian root with chroot), run on its own runtime with no Java on the PATH,
 * and the AOT cache stamp.
 */
class DistributionIT {

  /** The only tools the launcher and install.sh call; the test's PATH holds wrappers for these and no java. */
  private static final List<String> TOOLS = List.of(
      "sh", "cat", "cksum", "stat", "readlink", "dirname", "mkdir", "rm", "mv", "cp", "chmod", "chown", "ln",
      "cmp", "find", "sed", "mktemp", "id", "wc");

  @TempDir static Path shared;
  private static Path unpacked;
  private static Path path;

  @TempDir Path temp;

  @BeforeAll
  static void unpackTheTarball() throws Exception {
    Path target = Path.of(home()).getParent();
    List<Path> tarballs;
    try (Stream<Path> files = Files.list(target)) {
      tarballs = files.filter(f -> f.getFileName().toString().matches("eksnode-.+-linux-[a-z0-9_]+\\.tar\\.gz")).toList();
    }
    assertEquals(1, tarballs.size(), "tarballs in " + target + ": " + tarballs);
    Path into = Files.createDirectories(shared.resolve("unpacked"));
    run(List.of("tar", "-xzf", tarballs.getFirst().toString(), "-C", into.toString()), Map.of(), true);
    try (Stream<Path> tops = Files.list(into)) {
      unpacked = tops.findFirst().orElseThrow();
    }
    path = Files.createDirectories(shared.resolve("path"));
    for (String tool : TOOLS) {
      Path real = Stream.of("/usr/bin", "/bin").map(dir -> Path.of(dir, tool)).filter(Files::isExecutable).findFirst()
          .orElseThrow(() -> new AssertionError("no " + tool + " in /usr/bin or /bin"));
      Path wrapper = Files.writeString(path.resolve(tool), "#!/bin/sh\nexec " + real + " \"$@\"\n");
      Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private static String home() {
    String home = System.getProperty("eksnode.home");
    if (home == null) {
      fail("the system property eksnode.home is not set; run through failsafe");
    }
    return home;
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  /** Runs a command with a clean environment: PATH without java, no JAVA_HOME, plus {@code environment}. */
  private static Result run(List<String> command, Map<String, String> environment, boolean mustSucceed)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().put("PATH", path == null ? "/usr/bin:/bin" : path.toString());
    builder.environment().put("HOME", System.getProperty("java.io.tmpdir"));
    builder.environment().put("TMPDIR", System.getProperty("java.io.tmpdir"));
    builder.environment().putAll(environment);
    Path stdout = Files.createTempFile("stdout", ".txt");
    Path stderr = Files.createTempFile("stderr", ".txt");
    Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail(String.join(" ", command) + " did not finish within 180 s");
    }
    Result result = new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    Files.delete(stdout);
    Files.delete(stderr);
    if (mustSucceed && result.exitCode() != 0) {
      fail(String.join(" ", command) + " exited with " + result.exitCode() + "\n" + result.stdout() + result.stderr());
    }
    return result;
  }

  private static Result install(Path root) throws IOException, InterruptedException {
    return run(List.of(unpacked.resolve("install.sh").toString(), "--root", root.toString()), Map.of(), true);
  }

  /** Every path under the root with its type, mode, owner, size, modification time and SHA-256. */
  private static List<String> listing(Path root) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted().toList()) {
        String kind = Files.isSymbolicLink(file) ? "link -> " + Files.readSymbolicLink(file)
            : Files.isDirectory(file) ? "dir" : "file " + Files.size(file) + " " + sha256(file);
        lines.add(root.relativize(file) + " " + kind + " "
            + PosixFilePermissions.toString(Files.getPosixFilePermissions(file, java.nio.file.LinkOption.NOFOLLOW_LINKS))
            + " " + Files.getOwner(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            + " " + Files.getLastModifiedTime(file, java.nio.file.LinkOption.NOFOLLOW_LINKS));
      }
    }
    return lines;
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void tarballHoldsTheInstallerLauncherRuntimeUnitAndAnEmptyPluginsDirectory() throws Exception {
    Path top = unpacked;

    assertTrue(top.getFileName().toString().matches("eksnode-\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), top.toString());
    for (String executable : List.of("install.sh", "bin/eksnode", "runtime/bin/java")) {
      assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(top.resolve(executable))), executable);
    }
    assertTrue(Files.isRegularFile(top.resolve("systemd/eksnode-bootstrap.service")));
    try (Stream<Path> plugins = Files.list(top.resolve("plugins"))) {
      assertEquals(0, plugins.count());
    }
    assertFalse(Files.exists(top.resolve("cache")), "a trained cache belongs to one machine, not the tarball");
    String modules = Files.readAllLines(top.resolve("runtime/release")).stream()
        .filter(line -> line.startsWith("MODULES=")).findFirst().orElseThrow();
    for (String module : List.of("java.base", "jdk.zipfs", "jdk.httpserver")) {
      assertTrue(modules.contains(module), modules);
    }
    assertFalse(modules.contains("java.desktop"), modules);
    // The launcher resolves exactly the runtime's modules: java.xml is required only by an automatic module.
    Set<String> named = Set.of(Files.readString(top.resolve("conf/jdk-modules")).strip().split(","));
    assertEquals(Set.of(modules.substring("MODULES=\"".length(), modules.length() - 1).split(" ")), named);
    assertTrue(named.contains("java.xml"), named.toString());
  }

  @Test
  void installsIntoAFreshRootAndASecondRunChangesNothing() throws Exception {
    Path root = Files.createDirectories(temp.resolve("root"));

    Result first = install(root);
    List<String> afterFirst = listing(root);
    Result second = install(root);

    assertTrue(first.stdout().contains("install.sh: installed eksnode into " + root + "/opt/eksnode"), first.stdout());
    assertTrue(second.stdout().contains("install.sh: " + root + "/opt/eksnode is up to date"), second.stdout());
    assertEquals(afterFirst, listing(root));
    assertEquals(Path.of("/opt/eksnode/bin/eksnode"), Files.readSymbolicLink(root.resolve("usr/local/bin/eksnode")));
    assertTrue(Files.isRegularFile(root.resolve("etc/systemd/system/eksnode-bootstrap.service")));
    assertTrue(Files.isExecutable(root.resolve("opt/eksnode/runtime/bin/java")));
    Path plugins = root.resolve("opt/eksnode/plugins");
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(plugins)));
    assertEquals("root", Files.getOwner(plugins).getName());
  }

  @Test
  void upgradeRemovesJarsTheNewVersionNoLongerShipsAndKeepsPluginJars() throws Exception {
    Path root = Files.createDirectories(temp.resolve("root"));
    install(root);
    Path old = Files.writeString(root.resolve("opt/eksnode/lib/old-library-1.0.jar"), "old");
    Path operatorPlugin = Files.writeString(root.resolve("opt/eksnode/plugins/acme.jar"), "plugin");

    Result again = install(root);

    assertTrue(again.stdout().contains("installed eksnode into"), again.stdout());
    assertFalse(Files.exists(old), "a jar left on the module path would be loaded");
    assertTrue(Files.exists(operatorPlugin));
  }

  @Test
  void installedDemoRunsOnTheBundledRuntimeWithNoJavaOnThePath() throws Exception {
    Path root = Files.createDirectories(temp.resolve("root"));
    install(root);
    Path eksnode = root.resolve("opt/eksnode/bin/eksnode");
    assertFalse(run(List.of("sh", "-c", "command -v java"), Map.of(), false).exitCode() == 0, "java is on the test PATH");

    Result version = run(List.of(eksnode.toString(), "version"), Map.of(), true);
    Result demo = run(List.of(eksnode.toString(), "demo"), Map.of(), true);

    assertTrue(version.stdout().contains("runtime: " + root.resolve("opt/eksnode/runtime") + "\n"), version.stdout());
    assertTrue(demo.stdout().startsWith("eksnode demo: an m5.large in us-west-2 joins the EKS cluster \"demo\"\n"), demo.stdout());
    // 12 core steps and the outposts plugin's 2, which skip on a node that is not on an Outpost.
    assertTrue(demo.stdout().contains("\nsucceeded: 16 steps in "), demo.stdout());
    assertTrue(demo.stdout().contains("\nsecond run: 14 of 14 steps unchanged, nothing restarted (2 skipped: not for this node)\n"),
        demo.stdout());
    assertEquals("", demo.stderr());
  }

  /**
   * A fresh Debian root for real: the files of every installed package of priority "required" and
   * everything those depend on (what {@code debootstrap --variant=minbase} installs), copied from this
   * Debian machine, with no Java. Inside it ({@code chroot}, with {@code /proc} and {@code /dev}
   * mounted in a private mount namespace), install.sh installs the unpacked tarball and the demo runs
   * on the bundled runtime. Needs root and a Debian host; elsewhere it reports itself skipped.
   */
  @Test
  void installsAndRunsTheDemoInsideAMinimalDebianRoot() throws Exception {
    Assumptions.assumeTrue(run(List.of("id", "-u"), Map.of(), false).stdout().strip().equals("0"), "needs root for chroot");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg-query")) && Files.isExecutable(Path.of("/usr/bin/unshare")),
        "needs a Debian host with unshare");
    Map<String, String> hostPath = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    Assumptions.assumeTrue(run(List.of("unshare", "--mount", "--fork", "true"), hostPath, false).exitCode() == 0,
        "needs mount namespaces (a container without CAP_SYS_ADMIN has none)");
    Path root = Files.createDirectories(temp.resolve("debian"));
    List<String> packages = DebianRoot.minbase(run(List.of("dpkg-query", "-W",
        "-f=${Package}\t${Priority}\t${Status}\t${Pre-Depends}\t${Depends}\n"), hostPath, true).stdout());
    DebianRoot.build(root, run(concat(List.of("dpkg", "-L"), packages), hostPath, true).stdout());
    assertFalse(Files.exists(root.resolve("usr/bin/java")), "the root has no java");
    Path tarballCopy = root.resolve("tmp/eksnode");
    copyTree(unpacked, tarballCopy);

    String script = "set -e; " + "/tmp/eksnode/install.sh; "
        + "if command -v java; then echo 'java on the PATH'; exit 9; fi; "
        + "/opt/eksnode/bin/eksnode demo";
    Result demo = run(List.of("unshare", "--mount", "--fork", "sh", "-c",
        "mount -t proc proc \"$0/proc\" && mount --rbind /dev \"$0/dev\" && exec chroot \"$0\" /bin/sh -c \"$1\"",
        root.toString(), script), hostPath, false);
    assertEquals(0, demo.exitCode(), demo.stdout() + demo.stderr());
    assertTrue(demo.stdout().contains("install.sh: installed eksnode into /opt/eksnode"), demo.stdout());
    assertTrue(demo.stdout().contains("\nsucceeded: 16 steps in "), demo.stdout());
    assertTrue(demo.stdout().contains("\nsecond run: 14 of 14 steps unchanged"), demo.stdout());
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, java.nio.file.LinkOption.NOFOLLOW_LINKS, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  @Test
  void aotCacheIsUsedOnlyWhileItsStampMatchesTheJarsAndRuntime() throws Exception {
    Path root = Files.createDirectories(temp.resolve("root"));
    install(root);
    Path home = root.resolve("opt/eksnode");
    String eksnode = home.resolve("bin/eksnode").toString();
    Map<String, String> logAot = Map.of("EKSNODE_JAVA_OPTS", "-Xlog:aot=info", "EKSNODE_DEBUG", "1");
    String opened = "Opened AOT cache " + home.resolve("cache/eksnode.aot") + ".";

    Result untrained = run(List.of(eksnode, "version"), logAot, true);
    Result training = run(List.of(unpacked.resolve("install.sh").toString(), "--root", root.toString(), "--train-aot"), Map.of(), true);
    Result fresh = run(List.of(eksnode, "version"), logAot, true);
    Path jar;
    try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
      jar = jars.filter(f -> f.getFileName().toString().startsWith("eksnode-cli-")).findFirst().orElseThrow();
    }
    Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
    Result touched = run(List.of(eksnode, "version"), logAot, true);
    Result retrained = run(List.of(eksnode, "--train-aot"), Map.of(), true);
    Files.writeString(home.resolve("cache/eksnode.aot.stamp"), "0 0\n");
    Result badStamp = run(List.of(eksnode, "version"), logAot, true);

    assertTrue(untrained.stderr().contains("no AOT cache at"), untrained.stderr());
    assertTrue(training.stdout().contains(home + " is up to date\neksnode: trained " + home.resolve("cache/eksnode.aot")), training.stdout());
    assertTrue(fresh.stdout().contains(opened), fresh.stdout());
    assertTrue(retrained.exitCode() == 0);
    for (Result stale : List.of(touched, badStamp)) {
      assertFalse(stale.stdout().contains("Opened AOT cache"), stale.stdout());
      assertTrue(stale.stderr().contains("not using " + home.resolve("cache/eksnode.aot") + ": trained for other jars"), stale.stderr());
      assertTrue(stale.stdout().contains("runtime: " + home.resolve("runtime")), stale.stdout());
    }
  }

  @Test
  void bootstrapUnitPassesSystemdAnalyzeVerify() throws Exception {
    Path root = Files.createDirectories(temp.resolve("root"));
    install(root);
    String unit = Files.readString(root.resolve("etc/systemd/system/eksnode-bootstrap.service"));
    // systemd-analyze checks that ExecStart exists: point it at the tree installed under the test root.
    Path copy = Files.writeString(Files.createDirectories(temp.resolve("units")).resolve("eksnode-bootstrap.service"),
        unit.replace("/opt/eksnode/", root.resolve("opt/eksnode") + "/"));

    Result verify = run(List.of("/usr/bin/systemd-analyze", "verify", copy.toString()), Map.of(), false);

    assertEquals(0, verify.exitCode(), verify.stdout() + verify.stderr());
    assertEquals("", verify.stdout() + verify.stderr());
    List<String> lines = unit.lines().toList();
    for (String expected : List.of("Type=oneshot", "RemainAfterExit=yes", "Wants=network-online.target",
        "After=network-online.target", "Before=containerd.service kubelet.service",
        "ExecStart=/opt/eksnode/bin/eksnode bootstrap", "WantedBy=multi-user.target")) {
      assertTrue(lines.contains(expected), expected + " missing from\n" + unit);
    }
  }

  @Test
  void installScriptPrintsItsUsageAndRefusesUnknownArguments() throws Exception {
    String installer = unpacked.resolve("install.sh").toString();

    Result help = run(List.of(installer, "--help"), Map.of(), false);
    Result unknown = run(List.of(installer, "--frobnicate"), Map.of(), false);

    assertEquals(0, help.exitCode());
    assertTrue(help.stdout().contains("Usage: install.sh [--root DIR] [--prefix DIR] [--train-aot]\n"), help.stdout());
    assertEquals(2, unknown.exitCode());
    assertTrue(unknown.stderr().startsWith("install.sh: unknown argument '--frobnicate'\n"), unknown.stderr());
  }

  @Test
  void installScriptAndLauncherAreShellcheckClean() throws Exception {
    Result check = run(List.of("/usr/bin/shellcheck", "--shell=sh",
        unpacked.resolve("install.sh").toString(), unpacked.resolve("bin/eksnode").toString()), Map.of(), false);

    assertEquals(0, check.exitCode(), check.stdout() + check.stderr());
  }
}
