package dev.eksnode.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code --help} text of every command: what it does, and an example. */
final class Help {

  record Topic(String usage, String summary, String details, String example) {}

  static final Map<String, Topic> TOPICS = new LinkedHashMap<>();

  static {
    TOPICS.put("bootstrap", new Topic(
        "eksnode bootstrap [--config-source URI]... [--config FILE]... [--strict|--lenient]",
        "Run the boot phase: write the node's dynamic configuration and start its services.",
        """
        Reads the configuration, lowest precedence first: the image configuration
        (/etc/eksnode/eksnode.toml, then /etc/eksnode/config.d/*.toml, under --root), the instance's
        user data (imds://user-data: on a live node, or when AWS_EC2_METADATA_SERVICE_ENDPOINT is set),
        then the node-local drop-ins /etc/eksnode/local.d/*.toml. --config-source (repeatable:
        imds://user-data, file:///path for a file or a directory of *.toml) replaces that list; --config
        files are read last. User data may be eksnode TOML, a nodeadm NodeConfig (YAML or JSON) or MIME
        multipart, base64 and/or gzip'd. Everything is checked before any step runs.
        Then orders the enabled plugins' boot steps and runs them, one line per step. A second run over
        the same root changes nothing. The run report is written to /var/lib/eksnode/reports/boot.json.
        Exit 1 when a step failed (the steps that needed it are blocked), 2 for any configuration problem.""",
        "eksnode bootstrap --config-source file:///etc/eksnode/eksnode.toml --config-source imds://user-data"));
    TOPICS.put("image build", new Topic(
        "eksnode image build [--config FILE]...",
        "Run the image phase: install and configure everything static while the AMI is built.",
        """
        Same flow as bootstrap for the image-phase steps of the enabled plugins.
        The run report is written to /var/lib/eksnode/reports/image.json under the root.""",
        "eksnode image build --root /mnt/image --config ami.toml"));
    TOPICS.put("plan", new Topic(
        "eksnode plan [--phase boot|image] [--explain] [--config-source URI]... [--config FILE]...",
        "Dry run: show the step order and what each step would change. Writes nothing.",
        """
        Reads the configuration as bootstrap does, then runs every step against an in-memory copy of the
        root: files that would be written are listed, commands and service actions are listed, nothing
        on disk changes. Default phase: boot.
        --explain first prints the merged configuration, one value per line with the source that set
        it (file, or user-data part and type, with line and column, and the key as written there, such
        as spec.cluster.cidr). With --output json both come as one object {configuration, plan}.""",
        "eksnode plan --explain --root /tmp/node"));
    TOPICS.put("validate", new Topic(
        "eksnode validate [FILE|-]... [--strict|--lenient]",
        "Check configuration offline and report every problem with its location.",
        """
        With FILEs (or - for standard input), checks those documents merged in order. A file may be eksnode
        TOML, a nodeadm NodeConfig in YAML or JSON, or MIME multipart user data, base64 and/or gzip'd: the
        content decides (.toml, .yaml, .yml and .json names are taken at their word). Without FILE, checks
        the files bootstrap would read under --root. Never contacts instance metadata.
        Exit 2 with every problem listed as 'source, line L, column C: key: what is wrong (suggestion)'.
        Unknown keys are errors in eksnode TOML (--lenient: warnings) and warnings in a NodeConfig, which
        nodeadm ignores (--strict: errors). Warnings are printed as 'warning: ...' and do not fail.""",
        "curl -s -H \"X-aws-ec2-metadata-token: $TOKEN\" http://169.254.169.254/latest/user-data | eksnode validate -"));
    TOPICS.put("config schema", new Topic(
        "eksnode config schema [--format json|markdown]",
        "Print the JSON Schema of eksnode's TOML configuration (or its key table as Markdown).",
        """
        Every key of every installed plugin with its type, default, allowed values, example and
        description: the same description the checks, the built-in defaults and
        docs/configuration.md come from. Point an editor's TOML language server at it.""",
        "eksnode config schema > eksnode.schema.json"));
    TOPICS.put("plugins", new Topic(
        "eksnode plugins [--format pins]",
        "List the plugins found: id, version, source, enabled, steps per phase.",
        """
        Built-in plugins come from the module path; third-party jars from --plugins-dir
        (default /opt/eksnode/plugins under --root). Exit 3 when a jar is broken, does not match
        its SHA-256 pin in the image configuration's [plugin-pins], or the graph is invalid.
        --format pins prints the [plugin-pins] table for the jars as they are now (keyed by the
        manifest's Plugin-Id, else the file name), loading none of them: append it to
        /etc/eksnode/eksnode.toml when building the image.""",
        "eksnode plugins --format pins >> /etc/eksnode/eksnode.toml"));
    TOPICS.put("graph", new Topic(
        "eksnode graph [--phase boot|image] [--format dot|mermaid]",
        "Print the step graph of a phase as Graphviz DOT (default) or Mermaid.",
        """
        Solid edges are hard dependencies (requires), dashed edges soft ordering (after/before).""",
        "eksnode graph --format mermaid > graph.mmd"));
    TOPICS.put("analyze", new Topic(
        "eksnode analyze [--phase boot|image] [--report FILE] [--svg FILE]",
        "Explain where a run's time went: steps by duration and the critical chain.",
        """
        Reads the last run report (/var/lib/eksnode/reports/<phase>.json under --root, or --report FILE).
        Prints every step by duration (blame) and the critical chain: the dependency path that set the
        phase's wall time, found by walking back from the step that finished last through the step it
        waited for that finished last. --svg FILE also draws the run as a timeline (one bar per step,
        concurrency visible, the critical chain in red) that opens in any browser.""",
        "eksnode analyze --svg /tmp/boot.svg"));
    TOPICS.put("verify-node", new Topic(
        "eksnode verify-node",
        "Check the node against what its last runs left: files, modes, contents, units. Exit 0 only without drift.",
        """
        Reads the last image and boot run reports under --root. Every file they manage must be there with
        the same mode and content (SHA-256; for a file that is not world-readable, a digest keyed with the
        root-only /var/lib/eksnode/reports/digest.key, so run as root to check those); every unit they
        enabled or (re)started must be enabled and active (checked with systemctl on a live node; under
        another --root only the unit file is looked for). Lists every drift with the step that manages the
        thing. Exit 1 when anything drifted.""",
        "eksnode verify-node --output json"));
    TOPICS.put("collect-logs", new Topic(
        "eksnode collect-logs [--output FILE]",
        "Bundle what explains a node's state into one tar.gz: reports, configs (redacted), journals, summaries.",
        """
        Collects eksnode's run reports, every file the last runs manage plus the main configuration files
        (credentials in URLs, private keys, tokens and passwords redacted), the versions manifest, and on a
        live node the kubelet, containerd and eksnode-bootstrap journals (when journalctl exists) and a
        network and disk summary. index.txt lists every entry, its source and anything truncated or left
        out. Each file is limited to 2 MiB and the bundle to 32 MiB. The archive is written with mode 0600
        to FILE (default eksnode-logs-<time>.tar.gz in the current directory).""",
        "eksnode collect-logs --output /tmp/node-logs.tar.gz"));
    TOPICS.put("version", new Topic(
        "eksnode version",
        "Print eksnode's version, the kernel version and the Java runtime in use.",
        "",
        "eksnode version --output json"));
    TOPICS.put("demo", new Topic(
        "eksnode demo [--keep]",
        "Join a built-in example node (m5.large) in a fresh temporary root, then show a rerun changes nothing.",
        """
        Needs no AWS account and touches nothing outside the temporary directory: the root is seeded with
        an Amazon Linux 2023 EKS image, instance metadata is served by a loopback IMDSv2 emulator, and the
        boot phase runs twice. Prints the step lines and timeline of the first run, the files it wrote,
        and the second run, in which every step is unchanged. The root is deleted unless --keep is given.""",
        "eksnode demo --keep"));
  }

  static String overview() {
    return overview(java.util.List.of());
  }

  /** The overview, listing also the commands plugins add ({@code name}, summary pairs). */
  static String overview(java.util.List<java.util.Map.Entry<String, String>> pluginCommands) {
    StringBuilder text = new StringBuilder();
    text.append("""
        eksnode: turns an EC2 instance into an EKS worker node.

        Usage: eksnode [global options] <command> [command options]

        Commands:
        """);
    TOPICS.forEach((name, topic) -> text.append(String.format("  %-14s %s%n", name, topic.summary())));
    if (!pluginCommands.isEmpty()) {
      text.append("\nCommands added by plugins:\n");
      pluginCommands.forEach(entry -> text.append(String.format("  %-14s %s%n", entry.getKey(), entry.getValue())));
    }
    text.append("""

        Global options:
          --root DIR          operate on DIR instead of / (commands and service actions are then
                              recorded, not executed)
          --plugins-dir DIR   third-party plugin jars (default: /opt/eksnode/plugins under --root)
          --config FILE       extra configuration, read after every other source; repeatable
          --config-source URI read configuration from URI instead of the default list; repeatable
                              (imds://user-data, file:///path to a file or a directory of *.toml)
          --strict            unknown keys in a nodeadm NodeConfig are errors, not warnings
          --lenient           unknown keys in eksnode TOML are warnings, not errors
          --output text|json  output format (default text)
          --debug             debug logging to stderr (also EKSNODE_DEBUG=1), credentials left out
          -h, --help          help for eksnode or for a command

        Exit codes: 0 ok, 1 a step failed, 2 bad input or configuration, 3 plugin or graph problem.

        Example: eksnode demo
        Run 'eksnode <command> --help' for more about a command.
        """);
    return text.toString();
  }

  static String of(String command) {
    Topic topic = TOPICS.get(command);
    StringBuilder text = new StringBuilder();
    text.append(topic.summary()).append("\n\nUsage: ").append(topic.usage()).append("\n");
    if (!topic.details().isEmpty()) {
      text.append("\n").append(topic.details().strip()).append("\n");
    }
    text.append("\nGlobal options (--root, --plugins-dir, --config, --config-source, --strict, --lenient, --output, --debug)"
        + " apply; see 'eksnode --help'.\n");
    text.append("\nExample:\n  ").append(topic.example()).append("\n");
    return text.toString();
  }

  private Help() {}
}
