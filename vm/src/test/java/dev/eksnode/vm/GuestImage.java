package dev.eksnode.vm;

import dev.eksnode.tck.emulator.BaseRoots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The guest's disk, built in two layers.
 *
 * <p>The base root: {@code src/test/guest/build-base.sh} (debootstrap of {@code src/test/guest/packages}),
 * cached under {@code eksnode.vm.cache} by the SHA-256 of the package list, the build script and {@link
 * #HARNESS_VERSION}, so a rerun on the same machine does not rebuild it.
 *
 * <p>The image, per run: a copy of the base root plus the AL2023 EKS image files of the TCK's base root
 * (kubelet unit, runtime slice, containerd's slice drop-in, instance type table, credential provider
 * stand-in; the kubelet enabled, as the image phase does), the kubelet stand-in and the test's own
 * units ({@code src/test/guest/rootfs}), made into an
 * ext4 disk with {@code mke2fs -d} (no loop device, no mount). That disk is booted once with the release
 * tarball on a second disk: {@code vmtest-provision.service} runs {@code install.sh --train-aot} in the
 * guest, as an image build would, and powers off; that disk is cached as well (see {@link #build}).
 * Each test boots a copy-on-write overlay of it.
 */
final class GuestImage {

  /** Bump when the way the base root is built changes outside build-base.sh and packages. */
  static final String HARNESS_VERSION = "1";
  /** The AL2023 image's files the guest takes from the TCK's base root (Debian provides containerd itself). */
  private static final List<String> AL2023_FILES = List.of(
      "/etc/systemd/system/kubelet.service",
      "/etc/systemd/system/runtime.slice",
      "/etc/systemd/system/containerd.service.d/00-runtime-slice.conf",
      "/etc/eksnode/instance-types.json",
      "/etc/eks/image-credential-provider/ecr-credential-provider");

  final Path kernel;
  final Path initrd;
  final Path disk;
  final Qemu qemu;
  final String installLog;

  private GuestImage(Path kernel, Path initrd, Path disk, Qemu qemu, String installLog) {
    this.kernel = kernel;
    this.initrd = initrd;
    this.disk = disk;
    this.qemu = qemu;
    this.installLog = installLog;
  }

  /** Why the guest cannot be built here, or empty. */
  static Optional<String> unbuildable() throws IOException, InterruptedException {
    Optional<String> qemu = Qemu.unavailable();
    if (qemu.isPresent()) {
      return qemu;
    }
    if (!run(List.of("id", "-u"), Path.of(".")).strip().equals("0")) {
      return Optional.of("building the guest needs root (debootstrap, and mke2fs -d keeps the files' owners)");
    }
    for (String tool : List.of("debootstrap", "mke2fs", "qemu-img", "socat")) {
      if (run(List.of("sh", "-c", "command -v " + tool + " || true"), Path.of(".")).isBlank()) {
        return Optional.of(tool + " is not installed; .ci/install-test-tools installs it");
      }
    }
    return Optional.empty();
  }

  /**
   * Builds (or finds) the base root, then the provisioned image with the release tarball installed.
   * The provisioned image is cached too, keyed by the base root, the tarball (reproducible: the same
   * commit gives the same bytes) and the guest files; a run with the same three skips the image build.
   */
  static GuestImage build(Path guest, Path cache, Path work, Path tarball) throws IOException, InterruptedException {
    Path base = base(guest, cache);
    Qemu qemu = Qemu.forKernel(base.resolve("vmlinuz"), base.resolve("initrd.img"), work);
    MessageDigest key = sha256();
    key.update(base.getFileName().toString().getBytes(StandardCharsets.UTF_8));
    key.update(Files.readAllBytes(tarball));
    try (Stream<Path> files = Files.walk(guest.resolve("rootfs"))) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        key.update(guest.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
        key.update(Files.readAllBytes(file));
      }
    }
    Path images = cache.resolve("images");
    Path cached = images.resolve("image-" + HexFormat.of().formatHex(key.digest()).substring(0, 16));
    if (Files.exists(cached.resolve("install.log"))) {
      System.err.println("vm: provisioned image from the cache " + cached);
      return new GuestImage(base.resolve("vmlinuz"), base.resolve("initrd.img"), cached.resolve("image.raw"), qemu,
          Files.readString(cached.resolve("install.log")));
    }
    run(List.of("rm", "-rf", images.toString()), cache);
    Files.createDirectories(cached);

    Files.createDirectories(work);
    Path stage = work.resolve("stage");
    run(List.of("rm", "-rf", stage.toString()), work);
    run(List.of("cp", "-a", base.resolve("root").toString(), stage.toString()), work);
    run(List.of("cp", "-a", guest.resolve("rootfs").toString() + "/.", stage.toString()), work);
    Path al2023 = work.resolve("al2023");
    run(List.of("rm", "-rf", al2023.toString()), work);
    BaseRoots.seed(BaseRoots.EKS_AL2023, al2023);
    for (String file : AL2023_FILES) {
      Path target = stage.resolve(file.substring(1));
      Files.createDirectories(target.getParent());
      run(List.of("cp", "-p", al2023.resolve(file.substring(1)).toString(), target.toString()), work);
    }
    // The kubelet is enabled as eksnode's image phase (core/units) enables it: later boots start it,
    // ordered after eksnode-bootstrap.service, and eksnode restarts it only when its inputs change.
    // Debian's package enables containerd; install.sh enables eksnode-bootstrap.service.
    run(List.of("systemctl", "--root=" + stage, "enable", "kubelet.service", "vmtest-provision.service",
        "vmtest-probe.service", "vmtest-hooks.service", "vmtest-plan.service"), work);
    Path disk = work.resolve("image.raw");
    Files.deleteIfExists(disk);
    run(List.of("mke2fs", "-q", "-t", "ext4", "-L", "vmtest-root", "-d", stage.toString(), disk.toString(), "4G"), work);
    run(List.of("rm", "-rf", stage.toString(), al2023.toString()), work);

    Path in = work.resolve("provision-in.tar");
    run(List.of("tar", "-cf", in.toString(), "-C", tarball.getParent().toString(), tarball.getFileName().toString()), work);
    Results out = Results.create(work.resolve("provision"));
    int port = 9; // no metadata service while the image is built: connections to it are refused
    Qemu.Ended ended = qemu.run(new Qemu.Boot(work.resolve("provision"), disk,
        concat(Qemu.disk(in, "virtio-blk-pci", "vmtest-in", true), out.disk()),
        "vmtest.mode=provision", port, Duration.ofMinutes(30), Optional.empty()));
    out.unpack();
    Files.delete(in);
    String log = out.text("install.log");
    if (!ended.poweredOff() || !out.text("install.exit").strip().equals("0")) {
      throw new AssertionError("provisioning the image failed (" + describe(ended) + ")\ninstall.log:\n" + log
          + "\nconsole (" + work.resolve("provision/console.log") + "):\n" + tail(ended.console(), 80));
    }
    System.err.println("vm: image provisioned in " + ended.took().toSeconds() + " s (install.sh --train-aot in the guest)");
    run(List.of("mv", disk.toString(), cached.resolve("image.raw").toString()), work);
    Files.writeString(cached.resolve("install.log"), log);
    return new GuestImage(base.resolve("vmlinuz"), base.resolve("initrd.img"), cached.resolve("image.raw"), qemu, log);
  }

  /** A copy-on-write overlay of the image for one test. */
  Path overlay(Path work) throws IOException, InterruptedException {
    Files.createDirectories(work);
    Path overlay = work.resolve("root.qcow2");
    Files.deleteIfExists(overlay);
    run(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", disk.toString(), overlay.toString()), work);
    return overlay;
  }

  static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  static String describe(Qemu.Ended ended) {
    return (ended.poweredOff() ? "powered off" : ended.killed() ? "killed" : "did not power off") + " after "
        + ended.took().toSeconds() + " s" + (ended.qemu().isBlank() ? "" : "; qemu said: " + ended.qemu().strip());
  }

  static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  private static Path base(Path guest, Path cache) throws IOException, InterruptedException {
    MessageDigest sha256 = sha256();
    sha256.update(Files.readAllBytes(guest.resolve("packages")));
    sha256.update(Files.readAllBytes(guest.resolve("build-base.sh")));
    sha256.update(HARNESS_VERSION.getBytes(StandardCharsets.UTF_8));
    String key = HexFormat.of().formatHex(sha256.digest()).substring(0, 16);
    Path base = cache.resolve("base-" + key);
    if (Files.exists(base.resolve("packages.lock"))) {
      System.err.println("vm: guest base root from the cache " + base);
      return base;
    }
    Files.createDirectories(cache);
    System.err.println("vm: building the guest base root into " + base + " (debootstrap; cached for later runs)");
    long start = System.nanoTime();
    run(List.of(guest.resolve("build-base.sh").toString(), base.toString()), cache);
    System.err.printf("vm: guest base root built in %d s%n", (System.nanoTime() - start) / 1_000_000_000L);
    try (Stream<Path> old = Files.list(cache)) {
      List<Path> stale = new ArrayList<>(old.filter(p -> p.getFileName().toString().startsWith("base-") && !p.equals(base)).toList());
      for (Path path : stale) {
        run(List.of("rm", "-rf", path.toString()), cache);
      }
    }
    return base;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs a command to completion; a non-zero exit fails with its output. Returns stdout and stderr. */
  static String run(List<String> command, Path directory) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n" + output);
    }
    return output;
  }
}
