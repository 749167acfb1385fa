package dev.eksnode.cli.run;

import dev.eksnode.cli.command.Command;
import dev.eksnode.cli.command.Invocation;
import dev.eksnode.cli.command.Session;
import dev.eksnode.spi.Phase;
import java.util.List;

/** {@code eksnode image build}: the image phase, what Packer runs while the AMI is built. */
public final class ImageBuildCommand implements Command {

  @Override
  public List<String> words() {
    return List.of("image", "build");
  }

  @Override
  public Help help() {
    return new Help(
        "eksnode image build [--config FILE]...",
        "Run the image phase: install and configure everything static while the AMI is built.",
        """
        Same flow as bootstrap for the image-phase steps of the enabled plugins. The AMI configuration
        (--config ami.toml) is checked whole before anything is installed, its [boot] and
        [profiles.<name>] tables as a booting node would check them.
        The run report is written to /var/lib/eksnode/reports/image.json under the root.""",
        "eksnode image build --root /mnt/image --config ami.toml");
  }

  @Override
  public int run(Invocation invocation, Session session) {
    return PhaseRun.run(invocation, session, Phase.IMAGE, false, false);
  }
}
