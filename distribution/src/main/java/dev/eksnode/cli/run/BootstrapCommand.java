package dev.eksnode.cli.run;

import dev.eksnode.cli.command.Command;
import dev.eksnode.cli.command.Invocation;
import dev.eksnode.cli.command.Session;
import dev.eksnode.spi.Phase;
import java.util.List;

/** {@code eksnode bootstrap}: the boot phase, what systemd runs at a node's first boot. */
public final class BootstrapCommand implements Command {

  @Override
  public List<String> words() {
    return List.of("bootstrap");
  }

  @Override
  public Help help() {
    return new Help(
        "eksnode bootstrap [--config-source URI]... [--config FILE]... [--strict|--lenient]",
        "Run the boot phase: write the node's dynamic configuration and start its services.",
        """
        Reads the configuration, lowest precedence first: the image configuration
        (/etc/eksnode/eksnode.toml, then /etc/eksnode/config.d/*.toml, under --root), the preset the
        configuration selects (profile = "<name>": /etc/eksnode/profiles/<name>.toml, when the image has
        it), the instance's user data (imds://user-data: on a live node, or when
        AWS_EC2_METADATA_SERVICE_ENDPOINT is set), then the node-local drop-ins /etc/eksnode/local.d/*.toml.
        --config-source (repeatable: imds://user-data, file:///path for a file or a directory of *.toml)
        replaces that list; --config files are read last. User data may be eksnode TOML, a nodeadm
        NodeConfig (YAML or JSON) or MIME multipart, base64 and/or gzip'd. Everything is checked before
        any step runs.
        Then orders the enabled plugins' boot steps and runs them, one line per step. A second run over
        the same root changes nothing. The run report is written to /var/lib/eksnode/reports/boot.json.
        Exit 1 when a step failed (the steps that needed it are blocked), 2 for any configuration
        problem, 3 when a plugin does not load or the steps cannot be ordered.""",
        "eksnode bootstrap --config-source file:///etc/eksnode/eksnode.toml --config-source imds://user-data");
  }

  @Override
  public int run(Invocation invocation, Session session) {
    return PhaseRun.run(invocation, session, Phase.BOOT, false, false);
  }
}
