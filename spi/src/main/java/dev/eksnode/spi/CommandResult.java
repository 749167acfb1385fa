package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

/**
 * What a command printed and how it ended.
 *
 * @param exitCode the process exit code; 127 when the program was not found
 * @param stdout standard output, UTF-8
 * @param stderr standard error, UTF-8
 */
@API(status = STABLE, since = "0.1.0")
public record CommandResult(int exitCode, String stdout, String stderr) {

  public boolean succeeded() {
    return exitCode == 0;
  }
}
