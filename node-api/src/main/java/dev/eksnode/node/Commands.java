package dev.eksnode.node;

import static dev.eksnode.spi.API.Status.EXPERIMENTAL;

import dev.eksnode.spi.API;
import dev.eksnode.spi.CommandResult;
import dev.eksnode.spi.Host;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Commands that must succeed: runs them through the {@link Host} and turns a non-zero exit code into a
 * {@link CommandFailedException} that names the command, so no step words that error its own way.
 *
 * <pre>{@code
 * Commands.run(host, List.of("mdadm", "--assemble", "/dev/md/kubernetes", "/dev/nvme1n1"));
 * String version = Commands.probe(host, List.of("nvidia-smi", "--version")).stdout();
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class Commands {

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");
  private static final Pattern CREDENTIALS = Pattern.compile("(://)[^/@\\s']*@");

  private Commands() {}

  /**
   * {@link Host#run} that must succeed.
   *
   * @throws CommandFailedException when the command exits with anything but 0
   */
  public static CommandResult run(Host host, List<String> command) {
    return check(command, host.run(command));
  }

  /**
   * {@link Host#probe} that must succeed.
   *
   * @throws CommandFailedException when the command exits with anything but 0 (127: not installed)
   */
  public static CommandResult probe(Host host, List<String> command) {
    return check(command, host.probe(command));
  }

  /**
   * {@code result} when {@code command} succeeded.
   *
   * @throws CommandFailedException otherwise
   */
  public static CommandResult check(List<String> command, CommandResult result) {
    if (!result.succeeded()) {
      throw new CommandFailedException(command, result);
    }
    return result;
  }

  /**
   * The command as one line for messages: an argument of plain characters as it is, any other in
   * single quotes, and the credentials of a URL ({@code http://user:secret@proxy}) as {@code ***}.
   */
  public static String text(List<String> command) {
    StringBuilder out = new StringBuilder();
    for (String argument : command) {
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append(PLAIN.matcher(argument).matches() ? argument : "'" + argument.replace("'", "'\\''") + "'");
    }
    return redact(out.toString());
  }

  static String redact(String text) {
    return CREDENTIALS.matcher(text).replaceAll("$1***@");
  }
}
