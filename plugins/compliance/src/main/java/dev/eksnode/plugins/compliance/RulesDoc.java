package dev.eksnode.plugins.compliance;

import dev.eksnode.spi.Phase;
import java.util.List;
import java.util.Map;

/**
 * Renders {@code docs/compliance.md} from the rules, so the documentation lists exactly the rules that
 * ship. {@code ComplianceDocTest} fails when the committed file differs.
 */
final class RulesDoc {

  private RulesDoc() {}

  /** The status word of a rule in a profile's column. */
  static String status(RuleSet set, Rule rule, String profile) {
    if (!set.select(List.of(profile)).contains(rule)) {
      return "–";
    }
    if (rule.exception().isPresent()) {
      return "exception";
    }
    return switch (rule.control()) {
      case Control.Manual m -> "manual";
      case Control.KubeletConfig k when !k.set() -> "check";
      case Control.FileMode f when rule.phase() == Phase.BOOT -> "check";
      case Control.CryptoPolicy c when c.policy().isEmpty() -> "check";
      default -> "apply";
    };
  }

  static String render(RuleSet set) {
    List<String> profiles = List.copyOf(set.profiles().keySet());
    StringBuilder out = new StringBuilder();
    out.append("""
        # Compliance hardening

        <!-- Generated from plugins/compliance/src/main/resources/dev/eksnode/plugins/compliance/rules.toml
             by ComplianceDocTest. Edit the rules file, then run the test with -Deksnode.updateDocs=true. -->

        The `compliance` plugin hardens the image at `eksnode image build`, keeps the kubelet settings
        compliant at `eksnode bootstrap`, and proves it at any time with `eksnode compliance report`.
        The rules are data: one entry per benchmark item in `rules.toml`, with its id (the benchmark's
        section number), title, profiles, how it is applied and how it is checked.

        ## Configuration

        ```toml
        [plugins.compliance]
        enabled = true
        profiles = ["cis-level1"]          # the default; combine e.g. ["cis-level2", "fips"]
        waive = [{ id = "1.1.2.3", reason = "build agents run tools from /tmp" }]
        ```

        Profiles combine as the union of their rules. Two selected rules that set the same value
        differently are a configuration error naming both rules; waive one of them. Every waiver needs a
        reason, must name a rule of the selected profiles, and is reported as
        `waived by configuration: <reason>`. The image records its profiles and waivers in
        `/etc/eksnode/compliance.json`; the report uses them.

        ## Report

        `eksnode compliance report [--profile P[,P...]] [--root DIR] [--output text|json]` evaluates every
        rule of the profiles against the root (the live node, a mounted image, a snapshot directory) and
        prints `pass`, `fail`, `waived` or `not-applicable` per rule with the evidence found, then a
        summary. It exits 0 only when no rule fails. Documented exceptions and manual rules are
        `not-applicable` with their reason; rules about files written at boot are `not-applicable` on a
        root that has not booted (no `/var/lib/eksnode/reports/boot.json`). Checks read configuration as
        the next boot applies it (sysctl.d order, sshd's first-value-wins includes, fstab and mount-unit
        drop-ins); on the live node sysctl rules also check the running value and the FIPS kernel rule
        reads `/proc/cmdline`.

        ## Steps

        | Step | Phase | What it does |
        |---|---|---|
        | `compliance/sysctl` | image | writes `/etc/sysctl.d/60-eksnode-compliance.conf` |
        | `compliance/kernel-modules` | image | writes `/etc/modprobe.d/eksnode-compliance.conf` (`install X /bin/false`, `blacklist X`) |
        | `compliance/sshd` | image | writes `/etc/ssh/sshd_config.d/01-eksnode-compliance.conf` (sshd keeps the first value it reads, so it sorts first) and adds the `Include` to `sshd_config` if missing |
        | `compliance/config-files` | image | edits `/etc/login.defs` and `/etc/audit/auditd.conf` in place |
        | `compliance/file-modes` | image | removes permission bits the rules do not allow |
        | `compliance/mounts` | image | adds mount options: fstab line, else a drop-in of the mount unit (`tmp.mount`), else a new fstab line |
        | `compliance/services` | image | disables units (`systemctl disable`; on a snapshot root it removes the enablement links) |
        | `compliance/fips-mode` | image | runs `fips-mode-setup --enable` (crypto policy FIPS, `fips=1`, initramfs) |
        | `compliance/default-environment` | image | writes `AWS_USE_FIPS_ENDPOINT=true` as a systemd `DefaultEnvironment=` drop-in, for every service from the first boot on |
        | `compliance/applied-profile` | image | records profiles and waivers in `/etc/eksnode/compliance.json` |
        | `compliance/kubelet-settings` | boot | contributes the kubelet values of the rules to the kubelet configuration, before `core/kubelet-config` |
        | `compliance/service-environment` | boot | contributes `AWS_USE_FIPS_ENDPOINT=true` to every service's environment, before `core/service-environment` |
        | `compliance/kubelet-check` | boot | after `core/kubelet-config`, checks the rendered kubelet configuration (the user's `kubelet.config` included) and the kubelet files' modes; in `stig` a failing rule fails the boot, naming the key |

        A plugin cannot read core's configuration, so the kubelet check reads the rendered file: it is
        exactly what the kubelet will run with, whatever the user merged in. Kubelet flags are not checked.

        ## FIPS

        The `fips` profile runs `fips-mode-setup --enable` at image build (crypto policy FIPS, `fips=1`,
        initramfs) and writes `DefaultEnvironment="AWS_USE_FIPS_ENDPOINT=true"` to
        `/etc/systemd/system.conf.d/60-eksnode-compliance.conf`, so from the image's first boot every
        service runs with it: the AWS SDKs on the node (the ECR credential provider, the CNI) call FIPS
        endpoints, and `eksnode bootstrap` itself sees it, which is what core reads to choose the
        `dkr.ecr-fips` pause image and FIPS EC2 endpoints. At boot the plugin also contributes the
        variable to the service environment core renders. This needs eksnode's boot to run as a systemd
        service (as it does from cloud-init or its own unit); run by hand, export the variable yourself.
        AWS offers FIPS endpoints in the US, Canada and GovCloud regions only: an image with the `fips`
        profile is for those regions (elsewhere the SDKs find no endpoint).

        ## Limits

        - File ownership (`root:root`) is not checked: the SPI's `Host` exposes modes, not owners.
          CIS EKS 3.1.2 and 3.1.4 are `manual` until it does (proposal: `Host.owner(path)`).
        - Kubelet command-line flags override the configuration file and are not checked; eksnode's
          own kubelet flags carry no setting these rules cover.
        - Mount rules check what the next boot mounts (fstab, mount units and drop-ins), not what is
          mounted now; nothing is remounted at image build.
        - Commands (`fips-mode-setup`, `systemctl`) only run on the live machine. On a snapshot root
          they are recorded, so after the image phase the FIPS kernel and crypto-policy rules still
          fail there: the report describes the tree as it is.
        - There is no DISA STIG for AL2023; the `stig` rules are named by topic and taken from the RHEL 9
          and Kubernetes STIGs.
        - CIS AL2023 section numbers follow Benchmark v1.0.0. The auditd items (5.2.2.x) and 1.1.9
          were not checked against the benchmark text and may need renumbering.

        ## Exceptions

        Rules that would break Kubernetes networking or the kubelet are not applied. They are listed in
        every CIS profile and reported as `not-applicable` with the reason and the value found:

        """);
    for (Rule rule : set.rules()) {
      rule.exception().ifPresent(reason -> out.append("- **").append(rule.id()).append("** ")
          .append(rule.title()).append(": ").append(reason).append('\n'));
    }
    out.append("\n## Benchmarks\n\n");
    for (Map.Entry<String, String> benchmark : set.benchmarks().entrySet()) {
      out.append("- `").append(benchmark.getKey()).append("`: ").append(benchmark.getValue()).append('\n');
    }
    out.append("\n## Profiles\n\n| Profile | Includes | Rules | Applied | Checked only | Exceptions | Manual | Description |\n|---|---|---|---|---|---|---|---|\n");
    for (String profile : profiles) {
      Profile p = set.profiles().get(profile);
      List<Rule> selected = set.select(List.of(profile));
      out.append("| `").append(profile).append("` | ")
          .append(p.includes().isEmpty() ? "–" : String.join(", ", p.includes())).append(" | ")
          .append(selected.size()).append(" | ")
          .append(count(set, selected, profile, "apply")).append(" | ")
          .append(count(set, selected, profile, "check")).append(" | ")
          .append(count(set, selected, profile, "exception")).append(" | ")
          .append(count(set, selected, profile, "manual")).append(" | ")
          .append(p.description()).append(" |\n");
    }
    out.append("""

        ## Rules

        `apply`: eksnode hardens it and the report checks it. `check`: the report checks it (eksnode
        writes nothing for it, or core writes the file). `exception`: deliberately not applied (see
        above). `manual`: needs a person. `–`: not in the profile.

        """);
    out.append("| Rule | Title | Phase | What eksnode sets or checks |");
    profiles.forEach(p -> out.append(" `").append(p).append("` |"));
    out.append("\n|---|---|---|---|");
    profiles.forEach(p -> out.append("---|"));
    out.append('\n');
    for (Rule rule : set.rules()) {
      out.append("| ").append(rule.id()).append(" | ").append(rule.title().replace("|", "\\|")).append(" | ")
          .append(rule.phase() == Phase.BOOT ? "boot" : "image").append(" | ")
          .append(rule.control().kind()).append(": `").append(rule.control().describe().replace("|", "\\|")).append("` |");
      profiles.forEach(p -> out.append(' ').append(status(set, rule, p)).append(" |"));
      out.append('\n');
    }
    return out.toString();
  }

  private static long count(RuleSet set, List<Rule> selected, String profile, String status) {
    return selected.stream().filter(r -> status(set, r, profile).equals(status)).count();
  }
}
