package dev.eksnode.plugins.nvidia;

import dev.eksnode.node.Commands;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.Host;
import java.util.ArrayList;
import java.util.List;

/** Asks {@code nvidia-smi} about every GPU, one CSV line each. */
final class GpuQuery {

  static final String NVIDIA_SMI = "/usr/bin/nvidia-smi";

  /** The query, in the order {@link Gpu} reads the columns. */
  static final List<String> COMMAND = List.of(
      NVIDIA_SMI,
      "--query-gpu=name,memory.total,compute_cap,driver_version,mig.mode.current",
      "--format=csv,noheader,nounits");

  /**
   * One GPU as {@code nvidia-smi} describes it.
   *
   * @param name the product name, e.g. {@code NVIDIA A10G}
   * @param memoryMiB total memory in MiB
   * @param computeMajor the compute capability's major number
   * @param computeMinor the compute capability's minor number
   * @param driverVersion e.g. {@code 570.86.15}
   * @param migCapable whether the GPU supports MIG ({@code mig.mode.current} is not {@code [N/A]})
   */
  record Gpu(String name, long memoryMiB, int computeMajor, int computeMinor, String driverVersion, boolean migCapable) {

    /** The architecture family as GPU Feature Discovery names it. */
    String family() {
      return switch (computeMajor) {
        case 1 -> "tesla";
        case 2 -> "fermi";
        case 3 -> "kepler";
        case 5 -> "maxwell";
        case 6 -> "pascal";
        case 7 -> computeMinor < 5 ? "volta" : "turing";
        case 8 -> computeMinor < 9 ? "ampere" : "ada-lovelace";
        case 9 -> "hopper";
        case 10, 12 -> "blackwell";
        default -> "undefined";
      };
    }
  }

  private GpuQuery() {}

  static List<Gpu> run(Host host) {
    return parse(Commands.probe(host, COMMAND).stdout());
  }

  static List<Gpu> parse(String csv) {
    List<Gpu> gpus = new ArrayList<>();
    int number = 0;
    for (String line : csv.split("\\R")) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split(",");
      if (fields.length != 5) {
        throw new EksnodeException("nvidia-smi output line " + number + " has " + fields.length + " fields, expected 5: " + line);
      }
      try {
        String[] compute = fields[2].strip().split("\\.");
        String mig = fields[4].strip();
        gpus.add(new Gpu(
            fields[0].strip(),
            Long.parseLong(fields[1].strip()),
            Integer.parseInt(compute[0]),
            compute.length > 1 ? Integer.parseInt(compute[1]) : 0,
            fields[3].strip(),
            !mig.isEmpty() && !mig.equals("[N/A]") && !mig.equals("N/A")));
      } catch (NumberFormatException e) {
        throw new EksnodeException("nvidia-smi output line " + number + " is not understood: " + line, e);
      }
    }
    if (gpus.isEmpty()) {
      throw new EksnodeException("nvidia-smi listed no GPU");
    }
    return gpus;
  }
}
