package dev.eksnode.spi;

/**
 * What a command printed and how it ended. Stable API.
 *
 * @param exitCode the process exit code; 127 when the program was not found
 * @param stdout standard output, UTF-8
 * @param stderr standard error, UTF-8
 */
public record CommandResult(int exitCode, String stdout, String stderr) {

  public boolean succeeded() {
    return exitCode == 0;
  }
}
