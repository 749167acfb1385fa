package dev.eksnode.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code --help} text of every command: what it does, and an example. */
final class Help {

  record Topic(String usage, String summary, String details, String example) {}

  static final Map<String, Topic> TOPICS = new LinkedHashMap<>();

  static {
    TOPICS.put("bootstrap", new Topic(
        "eksnode bootstrap [--config FILE]...",
        "Run the boot phase: write the node's dynamic configuration and start its services.",
        """
        Reads the image configuration (/etc/eksnode/eksnode.toml and /etc/eksnode/config.d/*.toml under
        --root) and any --config files, checks them, orders the enabled plugins' boot steps and runs
        them, printing one line per step. A second run over the same root changes nothing.
        The run report is written to /var/lib/eksnode/reports/boot.json under the root.
        Exit 1 when a step failed; the steps that needed it are reported as blocked.""",
        "eksnode bootstrap --root /tmp/node --config extra.toml"));
    TOPICS.put("image build", new Topic(
        "eksnode image build [--config FILE]...",
        "Run the image phase: install and configure everything static while the AMI is built.",
        """
        Same flow as bootstrap for the image-phase steps of the enabled plugins.
        The run report is written to /var/lib/eksnode/reports/image.json under the root.""",
        "eksnode image build --root /mnt/image --config ami.toml"));
    TOPICS.put("plan", new Topic(
        "eksnode plan [--phase boot|image] [--config FILE]...",
        "Dry run: show the step order and what each step would change. Writes nothing.",
        """
        Runs every step against an in-memory copy of the root: files that would be written are listed,
        commands and service actions are listed, nothing on disk changes. Default phase: boot.""",
        "eksnode plan --root /tmp/node"));
    TOPICS.put("validate", new Topic(
        "eksnode validate [FILE...]",
        "Check configuration offline and report every problem with its location.",
        """
        Without FILE, checks the configuration bootstrap would read (image configuration under --root and
        --config files). With FILEs, checks those TOML files merged in order. Exit 2 with every problem
        listed as 'source, line L, column C: key: what is wrong (suggestion)'.""",
        "eksnode validate /etc/eksnode/eksnode.toml"));
    TOPICS.put("plugins", new Topic(
        "eksnode plugins",
        "List the plugins found: id, version, source, enabled, steps per phase.",
        """
        Built-in plugins come from the module path; third-party jars from --plugins-dir
        (default /opt/eksnode/plugins under --root). Exit 3 when a jar is broken or the graph is invalid.""",
        "eksnode plugins --plugins-dir ./my-plugins"));
    TOPICS.put("graph", new Topic(
        "eksnode graph [--phase boot|image] [--format dot|mermaid]",
        "Print the step graph of a phase as Graphviz DOT (default) or Mermaid.",
        """
        Solid edges are hard dependencies (requires), dashed edges soft ordering (after/before).""",
        "eksnode graph --format mermaid > graph.mmd"));
    TOPICS.put("version", new Topic(
        "eksnode version",
        "Print eksnode's version and the kernel version.",
        "",
        "eksnode version --output json"));
    TOPICS.put("max-pods", new Topic(
        "eksnode max-pods --instance-type TYPE [--prefix-delegation|--custom-networking] [--cni-version V]",
        "Print the max pods of an instance type and how the number was derived.",
        """
        Looks the instance type up in the table baked at image build (/etc/eksnode/instance-types.json
        under --root), else in the table built into eksnode, and applies the formula of the VPC CNI mode:
        secondary IPs (default): ENIs x (IPv4 per ENI - 1) + 2; --prefix-delegation: ENIs x ((IPv4 per
        ENI - 1) x 16) + 2, Nitro only, VPC CNI 1.9+, capped at 110 (30 vCPUs or fewer) or 250;
        --custom-networking: (ENIs - 1) x (IPv4 per ENI - 1) + 2. An unknown type gets 110. The first
        line is the number; then the derivation and the kubeReserved that follows from it.""",
        "eksnode max-pods --instance-type m5.large --prefix-delegation --cni-version 1.19.2"));
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
    StringBuilder text = new StringBuilder();
    text.append("""
        eksnode: turns an EC2 instance into an EKS worker node.

        Usage: eksnode [global options] <command> [command options]

        Commands:
        """);
    TOPICS.forEach((name, topic) -> text.append(String.format("  %-12s %s%n", name, topic.summary())));
    text.append("""

        Global options:
          --root DIR          operate on DIR instead of / (commands and service actions are then
                              recorded, not executed)
          --plugins-dir DIR   third-party plugin jars (default: /opt/eksnode/plugins under --root)
          --config FILE       extra TOML configuration, read after the image configuration; repeatable
          --output text|json  output format (default text)
          --debug             debug logging to stderr (also EKSNODE_DEBUG=1)
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
    text.append("\nGlobal options (--root, --plugins-dir, --config, --output, --debug) apply; see 'eksnode --help'.\n");
    text.append("\nExample:\n  ").append(topic.example()).append("\n");
    return text.toString();
  }

  private Help() {}
}
