package dev.eksnode.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Boots the guest with {@code qemu-system-x86_64}: direct kernel boot, the serial console into a file,
 * user-mode networking on 169.254.169.0/24 with a {@code guestfwd} that relays every guest connection
 * to 169.254.169.254:80 to the host's metadata emulator (its {@code cmd:} form: one {@code socat} per
 * connection, so concurrent requests each get their own).
 *
 * <p>Acceleration: KVM only where a probe boot shows the guest kernel starting on it; otherwise software
 * emulation ({@code -accel tcg,thread=multi}), since some hosts expose a {@code /dev/kvm} that a stock
 * kernel cannot boot on.
 */
final class Qemu {

  static final String BINARY = "qemu-system-x86_64";
  private static final int MEMORY_MIB = 1536;

  private final Path kernel;
  private final Path initrd;
  private final String accel;

  private Qemu(Path kernel, Path initrd, String accel) {
    this.kernel = kernel;
    this.initrd = initrd;
    this.accel = accel;
  }

  /** Why qemu cannot run here at all, or empty when it can. */
  static Optional<String> unavailable() {
    try {
      Process process = new ProcessBuilder(BINARY, "-version").redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return Optional.of(BINARY + " -version failed: " + output.strip());
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(BINARY + " cannot be started (" + e.getMessage() + "); .ci/install-test-tools installs qemu-system-x86");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  /** A qemu for this kernel, with KVM when {@code /dev/kvm} exists and the kernel starts on it. */
  static Qemu forKernel(Path kernel, Path initrd, Path work) throws IOException, InterruptedException {
    String accel = "tcg,thread=multi";
    Path kvm = Path.of("/dev/kvm");
    if (Files.isReadable(kvm) && Files.isWritable(kvm) && kernelStartsOnKvm(kernel, initrd, work)) {
      accel = "kvm";
    }
    System.err.println("vm: qemu accelerator " + accel);
    return new Qemu(kernel, initrd, accel);
  }

  /** Boots the kernel under KVM with no root disk: a kernel that runs reaches its root-mount panic. */
  private static boolean kernelStartsOnKvm(Path kernel, Path initrd, Path work) throws IOException, InterruptedException {
    Path console = work.resolve("kvm-probe.log");
    Files.createDirectories(work);
    Process process = new ProcessBuilder(BINARY, "-accel", "kvm", "-cpu", "host", "-m", "512", "-display", "none",
        "-monitor", "none", "-no-reboot", "-kernel", kernel.toString(),
        "-append", "console=ttyS0 panic=-1 root=/dev/nonexistent rootwait=0 rd.shell=0 panic_on_warn=0",
        "-serial", "file:" + console).redirectErrorStream(true).redirectOutput(work.resolve("kvm-probe.stderr").toFile()).start();
    boolean exited = process.waitFor(120, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly().waitFor();
    }
    String text = Files.exists(console) ? Files.readString(console, StandardCharsets.ISO_8859_1) : "";
    return text.contains("Linux version") && (text.contains("Kernel panic") || text.contains("Run /init"));
  }

  /** One boot's settings; {@code devices} are more qemu arguments (disks, see {@link #disk}). */
  record Boot(Path work, Path rootDisk, List<String> devices, String kernelArguments, int metadataPort,
      Duration deadline, Optional<String> killWhenConsoleShows) {}

  /**
   * The qemu arguments of a raw disk on {@code device} ({@code virtio-blk-pci} or {@code nvme}) with
   * serial number {@code serial}; the guest finds a virtio disk as {@code /dev/disk/by-id/virtio-<serial>}.
   */
  static List<String> disk(Path file, String device, String serial, boolean readOnly) {
    return List.of("-drive", "file=" + file + ",if=none,id=" + serial + ",format=raw" + (readOnly ? ",readonly=on" : ""),
        "-device", device + ",drive=" + serial + ",serial=" + serial);
  }

  /** How a boot ended; {@code qemu} is qemu's own output (its errors). */
  record Ended(boolean poweredOff, boolean killed, String console, String qemu, Duration took) {}

  /** Runs one boot to its end: the guest powers off, the console shows the kill mark (then SIGKILL), or the deadline passes. */
  Ended run(Boot boot) throws IOException, InterruptedException {
    Files.createDirectories(boot.work());
    Path console = boot.work().resolve("console.log");
    Files.deleteIfExists(console);
    List<String> command = new ArrayList<>(List.of(BINARY,
        "-accel", accel, "-cpu", accel.equals("kvm") ? "host" : "max", "-smp", "2", "-m", Integer.toString(MEMORY_MIB),
        "-display", "none", "-monitor", "none", "-no-reboot",
        "-kernel", kernel.toString(), "-initrd", initrd.toString(),
        "-append", "root=/dev/vda rw console=ttyS0,115200 panic=-1 " + boot.kernelArguments(),
        "-serial", "file:" + console,
        // The root disk's device comes first, so the guest names it vda (devices probe in PCI slot order).
        "-drive", "file=" + boot.rootDisk() + ",if=none,id=root,format=" + format(boot.rootDisk()) + ",cache=writeback",
        "-device", "virtio-blk-pci,drive=root",
        "-netdev", "user,id=net0,net=169.254.169.0/24,hostname=vmtest"
            + ",guestfwd=tcp:169.254.169.254:80-cmd:socat STDIO TCP:127.0.0.1:" + boot.metadataPort(),
        "-device", "virtio-net-pci,netdev=net0"));
    command.addAll(boot.devices());
    Files.writeString(boot.work().resolve("qemu-command.txt"), String.join("\n", command) + "\n");
    Instant start = Instant.now();
    Process qemu = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(boot.work().resolve("qemu.log").toFile()).start();
    Instant deadline = start.plus(boot.deadline());
    boolean killed = false;
    while (qemu.isAlive() && Instant.now().isBefore(deadline)) {
      if (boot.killWhenConsoleShows().isPresent() && Files.exists(console)
          && Files.readString(console, StandardCharsets.ISO_8859_1).contains(boot.killWhenConsoleShows().get())) {
        qemu.destroyForcibly();
        killed = true;
        break;
      }
      qemu.waitFor(500, TimeUnit.MILLISECONDS);
    }
    boolean poweredOff = !killed && !qemu.isAlive() && qemu.exitValue() == 0;
    if (qemu.isAlive()) {
      qemu.destroyForcibly();
    }
    qemu.waitFor();
    Duration took = Duration.between(start, Instant.now());
    String text = Files.exists(console) ? Files.readString(console, StandardCharsets.ISO_8859_1) : "";
    return new Ended(poweredOff, killed, text, Files.readString(boot.work().resolve("qemu.log"), StandardCharsets.UTF_8), took);
  }

  private static String format(Path disk) {
    return disk.getFileName().toString().endsWith(".qcow2") ? "qcow2" : "raw";
  }
}
