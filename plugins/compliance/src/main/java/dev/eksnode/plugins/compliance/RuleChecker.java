package dev.eksnode.plugins.compliance;

import dev.eksnode.spi.Host;
import dev.eksnode.spi.Phase;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates rules against a root through the {@link Host}: only reads, so it runs on a live node, a
 * mounted image and a snapshot directory alike. Each check says what it found, so a failure carries its
 * evidence.
 */
final class RuleChecker {

  static final List<String> MODPROBE_DIRECTORIES = List.of("/usr/lib/modprobe.d", "/run/modprobe.d", "/etc/modprobe.d");
  static final String CRYPTO_POLICY = "/etc/crypto-policies/config";

  private final Host host;
  private final RuleSet rules;
  private final boolean booted;
  private SysctlFiles sysctl;
  private final Map<String, SshdConfig> sshd = new java.util.HashMap<>();
  private Optional<KubeletConfigFile> kubelet;
  private String kubeletProblem;

  RuleChecker(Host host, RuleSet rules) {
    this.host = host;
    this.rules = rules;
    this.booted = host.exists(rules.path("boot-report"));
  }

  /** Whether the root has been through a boot phase (its run report exists). */
  boolean booted() {
    return booted;
  }

  /** The verdict on one rule, with the waivers of the configuration applied. */
  Evaluation evaluate(Rule rule, Map<String, String> waivers) {
    String reason = waivers.get(rule.id());
    if (reason != null) {
      String found = safeCheck(rule).evidence();
      return new Evaluation(rule, Evaluation.Status.WAIVED, "waived by configuration: " + reason + "; found " + found);
    }
    if (rule.exception().isPresent()) {
      return Evaluation.notApplicable(rule, "documented exception: " + rule.exception().get() + " Found " + safeCheck(rule).evidence());
    }
    if (rule.control() instanceof Control.Manual(String note)) {
      return Evaluation.notApplicable(rule, "manual check: " + note);
    }
    if (rule.phase() == Phase.BOOT && !booted) {
      return Evaluation.notApplicable(rule, "set at boot, and this root has not booted (no " + rules.path("boot-report") + ")");
    }
    return safeCheck(rule);
  }

  private Evaluation safeCheck(Rule rule) {
    try {
      return check(rule);
    } catch (RuntimeException e) {
      return Evaluation.fail(rule, "cannot check: " + e.getMessage());
    }
  }

  /** The verdict on what the root holds, ignoring waivers and exceptions. */
  Evaluation check(Rule rule) {
    return switch (rule.control()) {
      case Control.Sysctl c -> checkSysctl(rule, c);
      case Control.ModprobeDeny c -> checkModule(rule, c);
      case Control.MountOption c -> checkMount(rule, c);
      case Control.ConfigLine c -> checkConfigLine(rule, c);
      case Control.FileMode c -> checkMode(rule, c);
      case Control.ServiceDisabled c -> checkService(rule, c);
      case Control.CryptoPolicy c -> checkCryptoPolicy(rule, c);
      case Control.KernelArg c -> checkKernelArg(rule, c);
      case Control.KubeletConfig c -> checkKubelet(rule, c);
      case Control.ServiceEnvironment c -> checkEnvironment(rule, c);
      case Control.Manual c -> Evaluation.notApplicable(rule, "manual check: " + c.note());
    };
  }

  private Evaluation checkSysctl(Rule rule, Control.Sysctl c) {
    if (sysctl == null) {
      sysctl = SysctlFiles.read(host);
    }
    List<String> evidence = new ArrayList<>();
    boolean ok = true;
    for (Map.Entry<String, String> entry : c.values().entrySet()) {
      Optional<Located> found = sysctl.value(entry.getKey());
      boolean match = found.map(f -> f.value().equals(entry.getValue())).orElse(false);
      evidence.add(entry.getKey() + " = " + found.map(Located::toString).orElse("not configured"));
      if (host.live()) {
        Optional<String> runtime = host.readString("/proc/sys/" + entry.getKey().replace('.', '/')).map(String::strip);
        if (runtime.isPresent()) {
          evidence.add(entry.getKey() + " running = " + runtime.get());
          match &= runtime.get().equals(entry.getValue());
        }
      }
      ok &= match;
    }
    return verdict(rule, ok, String.join("; ", evidence));
  }

  private Evaluation checkModule(Rule rule, Control.ModprobeDeny c) {
    String module = c.module().replace('-', '_');
    for (String directory : MODPROBE_DIRECTORIES) {
      for (String name : host.list(directory)) {
        if (!name.endsWith(".conf")) {
          continue;
        }
        String file = directory + "/" + name;
        for (String raw : host.readString(file).orElse("").split("\n")) {
          String[] fields = raw.strip().split("\\s+");
          if (fields.length >= 3 && fields[0].equals("install") && fields[1].replace('-', '_').equals(module)
              && fields[2].matches("(/usr)?/bin/(false|true)")) {
            return Evaluation.pass(rule, raw.strip() + " (" + file + ")");
          }
        }
      }
    }
    return Evaluation.fail(rule, "no 'install " + c.module() + " /bin/false' in " + String.join(", ", MODPROBE_DIRECTORIES));
  }

  private Evaluation checkMount(Rule rule, Control.MountOption c) {
    Optional<MountConfig.Source> source = MountConfig.find(host, c.mount(), c.unit());
    if (source.isEmpty()) {
      return Evaluation.fail(rule, c.mount() + " is not a separate mount (no " + MountConfig.FSTAB + " line"
          + c.unit().map(u -> ", no " + u).orElse("") + ")");
    }
    String evidence = c.mount() + " options " + String.join(",", source.get().options()) + " (" + source.get().file() + ")";
    return verdict(rule, c.option().isEmpty() || source.get().options().contains(c.option()), evidence);
  }

  private Evaluation checkConfigLine(Rule rule, Control.ConfigLine c) {
    List<String> evidence = new ArrayList<>();
    boolean ok = true;
    for (Map.Entry<String, String> entry : c.values().entrySet()) {
      Optional<Located> found;
      if (c.dialect().equals("sshd")) {
        found = sshd.computeIfAbsent(c.file(), f -> SshdConfig.read(host, f)).value(entry.getKey());
      } else {
        Optional<String> text = host.readString(c.file());
        if (text.isEmpty()) {
          return Evaluation.fail(rule, c.file() + " does not exist");
        }
        found = new KeyValueFile(c.dialect()).value(text.get(), entry.getKey()).map(v -> new Located(v, c.file()));
      }
      evidence.add(entry.getKey() + " " + found.map(Located::toString).orElse("not set"));
      ok &= found.map(f -> compare(c.check(), f.value(), entry.getValue())).orElse(false);
    }
    return verdict(rule, ok, String.join("; ", evidence));
  }

  private static boolean compare(Control.Check check, String found, String wanted) {
    return switch (check) {
      case EQUALS -> found.equalsIgnoreCase(wanted);
      case NOT_EQUALS -> !found.equalsIgnoreCase(wanted);
      case PRESENT -> !found.isBlank();
      case AT_MOST -> number(found).map(f -> f.compareTo(new BigDecimal(wanted)) <= 0 && f.signum() > 0).orElse(false);
      case AT_LEAST -> number(found).map(f -> f.compareTo(new BigDecimal(wanted)) >= 0).orElse(false);
      case AT_MOST_DURATION -> duration(found).map(f -> f > 0 && f <= duration(wanted).orElse(0L)).orElse(false);
    };
  }

  /** A number, or a time with a unit ({@code 1m}, {@code 60s}) in seconds. */
  private static Optional<BigDecimal> number(String text) {
    try {
      return Optional.of(new BigDecimal(text.strip()));
    } catch (NumberFormatException e) {
      return duration(text.strip()).map(millis -> BigDecimal.valueOf(millis).movePointLeft(3));
    }
  }

  private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|ms|s|m|h)");

  /** A Go duration ({@code 4h0m0s}, {@code 5m}) in milliseconds. */
  static Optional<Long> duration(String text) {
    if (text.equals("0")) {
      return Optional.of(0L);
    }
    Matcher m = DURATION_PART.matcher(text);
    double millis = 0;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        return Optional.empty();
      }
      end = m.end();
      double n = Double.parseDouble(m.group(1));
      millis += switch (m.group(2)) {
        case "h" -> n * 3_600_000;
        case "m" -> n * 60_000;
        case "s" -> n * 1_000;
        case "ms" -> n;
        case "us" -> n / 1_000;
        default -> n / 1_000_000;
      };
    }
    return end == text.length() && end > 0 ? Optional.of((long) millis) : Optional.empty();
  }

  private Evaluation checkMode(Rule rule, Control.FileMode c) {
    Optional<Integer> mode = host.mode(c.path());
    if (mode.isEmpty()) {
      return Evaluation.notApplicable(rule, c.path() + " does not exist");
    }
    String evidence = c.path() + " mode " + String.format("%04o", mode.get());
    return verdict(rule, (mode.get() & ~c.mode()) == 0, evidence);
  }

  private Evaluation checkService(Rule rule, Control.ServiceDisabled c) {
    boolean installed = MountConfig.UNIT_DIRECTORIES.stream().anyMatch(d -> host.exists(d + "/" + c.unit()));
    if (!installed) {
      return Evaluation.pass(rule, c.unit() + " is not installed");
    }
    List<String> links = enablingLinks(host, c.unit());
    return links.isEmpty()
        ? Evaluation.pass(rule, c.unit() + " is installed and not enabled")
        : Evaluation.fail(rule, c.unit() + " is enabled: " + String.join(", ", links));
  }

  /** The {@code *.wants}/{@code *.requires} links under {@code /etc/systemd/system} that enable a unit. */
  static List<String> enablingLinks(Host host, String unit) {
    List<String> links = new ArrayList<>();
    for (String name : host.list("/etc/systemd/system")) {
      if (name.endsWith(".wants") || name.endsWith(".requires")) {
        String link = "/etc/systemd/system/" + name + "/" + unit;
        if (host.exists(link)) {
          links.add(link);
        }
      }
    }
    return links;
  }

  private Evaluation checkCryptoPolicy(Rule rule, Control.CryptoPolicy c) {
    Optional<String> text = host.readString(CRYPTO_POLICY);
    String policy = text.flatMap(t -> t.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst())
        .orElse("DEFAULT");
    String evidence = "crypto policy " + policy + (text.isPresent() ? " (" + CRYPTO_POLICY + ")" : " (no " + CRYPTO_POLICY + ": DEFAULT)");
    String base = policy.split(":")[0].toUpperCase(Locale.ROOT);
    boolean ok = c.policy().map(p -> base.equals(p.toUpperCase(Locale.ROOT)))
        .orElseGet(() -> !base.equals(c.refused().orElse("").toUpperCase(Locale.ROOT)));
    return verdict(rule, ok, evidence);
  }

  private Evaluation checkKernelArg(Rule rule, Control.KernelArg c) {
    if (host.live()) {
      String cmdline = host.readString("/proc/cmdline").orElse("").strip();
      return verdict(rule, List.of(cmdline.split("\\s+")).contains(c.argument()), "/proc/cmdline: " + cmdline);
    }
    List<String> evidence = new ArrayList<>();
    boolean ok = true;
    boolean any = false;
    for (String name : host.list("/boot/loader/entries")) {
      if (!name.endsWith(".conf")) {
        continue;
      }
      String file = "/boot/loader/entries/" + name;
      for (String raw : host.readString(file).orElse("").split("\n")) {
        String line = raw.strip();
        if (line.startsWith("options")) {
          any = true;
          boolean has = List.of(line.substring("options".length()).strip().split("\\s+")).contains(c.argument());
          ok &= has;
          evidence.add(file + (has ? " has " : " lacks ") + c.argument());
        }
      }
    }
    if (!any) {
      return Evaluation.fail(rule, "no boot loader entry with an options line under /boot/loader/entries");
    }
    return verdict(rule, ok, String.join("; ", evidence));
  }

  private Evaluation checkKubelet(Rule rule, Control.KubeletConfig c) {
    if (kubelet == null) {
      try {
        kubelet = KubeletConfigFile.read(host, rules.path("kubelet-config"), rules.path("kubelet-config-dropins"));
      } catch (IllegalStateException e) {
        kubelet = Optional.empty();
        kubeletProblem = e.getMessage();
      }
    }
    if (kubeletProblem != null) {
      return Evaluation.fail(rule, kubeletProblem);
    }
    if (kubelet.isEmpty()) {
      return Evaluation.notApplicable(rule, "no kubelet configuration at " + rules.path("kubelet-config"));
    }
    Optional<Object> configured = kubelet.get().value(c.key());
    Object value = configured.or(c::kubeletDefault).orElse(null);
    String evidence = c.key() + " = " + (configured.isPresent()
        ? render(value) + " (" + kubelet.get().source(c.key()) + ")"
        : c.kubeletDefault().map(d -> render(d) + " (not set: kubelet default)").orElse("not set"));
    return verdict(rule, kubeletMatches(c, value), evidence);
  }

  /** Whether a kubelet value satisfies the rule; {@code null} means not set and no default. */
  static boolean kubeletMatches(Control.KubeletConfig c, Object value) {
    if (value == null) {
      return false;
    }
    return switch (c.check()) {
      case PRESENT -> !String.valueOf(value).isBlank();
      case NOT_EQUALS -> !same(value, c.value());
      case AT_MOST_DURATION -> compare(Control.Check.AT_MOST_DURATION, String.valueOf(value), String.valueOf(c.value()));
      case AT_MOST, AT_LEAST -> compare(c.check(), String.valueOf(value), String.valueOf(c.value()));
      case EQUALS -> same(value, c.value());
    };
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
    }
    if (a instanceof String x && b instanceof String y && duration(x).isPresent() && duration(y).isPresent()) {
      return duration(x).equals(duration(y));
    }
    return String.valueOf(a).equals(String.valueOf(b));
  }

  static String render(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }

  private Evaluation checkEnvironment(Rule rule, Control.ServiceEnvironment c) {
    String directory = c.service().equals("default")
        ? "/etc/systemd/system.conf.d"
        : "/etc/systemd/system/" + c.service() + ".service.d";
    String wanted = c.name() + "=" + c.value();
    for (String name : host.list(directory)) {
      if (!name.endsWith(".conf")) {
        continue;
      }
      String file = directory + "/" + name;
      for (String raw : host.readString(file).orElse("").split("\n")) {
        String line = raw.strip();
        if ((line.startsWith("DefaultEnvironment=") || line.startsWith("Environment="))
            && List.of(line.substring(line.indexOf('=') + 1).replace("\"", "").split("\\s+")).contains(wanted)) {
          return Evaluation.pass(rule, wanted + " (" + file + ")");
        }
      }
    }
    return Evaluation.fail(rule, "no " + wanted + " in " + directory + "/*.conf");
  }

  private static Evaluation verdict(Rule rule, boolean ok, String evidence) {
    return ok ? Evaluation.pass(rule, evidence) : Evaluation.fail(rule, evidence);
  }
}
