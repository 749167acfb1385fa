package dev.eksnode.plugins.compliance;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a rule is applied and checked: one record per kind of the rules file. The parameters are data;
 * the behaviour for each kind lives in {@link RuleChecker} (check) and the image and boot steps (apply).
 */
sealed interface Control {

  /** The kind's name in the rules file, e.g. {@code sysctl}. */
  String kind();

  /** One line for the docs: what eksnode sets, e.g. {@code net.ipv4.tcp_syncookies = 1}. */
  String describe();

  /**
   * The settings this control writes, for conflict detection: two selected rules that write the same
   * target and key with different values conflict.
   */
  default List<Setting> settings() {
    return List.of();
  }

  /** One value written somewhere, e.g. ({@code sysctl}, {@code net.ipv4.tcp_syncookies}, {@code 1}). */
  record Setting(String target, String key, String value) {}

  /** How a configured value is compared with the rule's value. */
  enum Check {
    EQUALS("equals"),
    NOT_EQUALS("not-equals"),
    AT_MOST("at-most"),
    AT_LEAST("at-least"),
    PRESENT("present"),
    AT_MOST_DURATION("at-most-duration");

    final String word;

    Check(String word) {
      this.word = word;
    }

    static Optional<Check> of(String word) {
      for (Check check : values()) {
        if (check.word.equals(word)) {
          return Optional.of(check);
        }
      }
      return Optional.empty();
    }
  }

  /** Kernel parameters in {@code /etc/sysctl.d}. */
  record Sysctl(Map<String, String> values) implements Control {
    @Override
    public String kind() {
      return "sysctl";
    }

    @Override
    public String describe() {
      return String.join(", ", values.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList());
    }

    @Override
    public List<Setting> settings() {
      return values.entrySet().stream().map(e -> new Setting("sysctl", e.getKey(), e.getValue())).toList();
    }
  }

  /** A kernel module that must not load: {@code install <module> /bin/false} and {@code blacklist}. */
  record ModprobeDeny(String module) implements Control {
    @Override
    public String kind() {
      return "modprobe-deny";
    }

    @Override
    public String describe() {
      return "install " + module + " /bin/false";
    }
  }

  /** A mount option (or, with an empty option, that the mount exists at all). */
  record MountOption(String mount, String option, Optional<String> unit, String fstype, String source)
      implements Control {
    @Override
    public String kind() {
      return "mount-option";
    }

    @Override
    public String describe() {
      return option.isEmpty() ? mount + " is its own mount" : option + " on " + mount;
    }
  }

  /** Lines in a configuration file; {@code dialect} says how the file is read and where eksnode writes. */
  record ConfigLine(String file, String dialect, Map<String, String> values, Check check) implements Control {
    @Override
    public String kind() {
      return "config-line";
    }

    @Override
    public String describe() {
      String separator = dialect.equals("key-equals-value") ? " = " : " ";
      String prefix = check == Check.AT_MOST ? "at most " : check == Check.AT_LEAST ? "at least " : "";
      return file + ": " + String.join(", ",
          values.entrySet().stream().map(e -> e.getKey() + separator + prefix + e.getValue()).toList());
    }

    @Override
    public List<Setting> settings() {
      return values.entrySet().stream().map(e -> new Setting(file, e.getKey(), e.getValue())).toList();
    }
  }

  /** The most permissive mode a file may have. */
  record FileMode(String path, int mode) implements Control {
    @Override
    public String kind() {
      return "file-mode";
    }

    @Override
    public String describe() {
      return path + " mode " + String.format("%04o", mode) + " or stricter";
    }

    @Override
    public List<Setting> settings() {
      return List.of(new Setting("mode", path, String.format("%04o", mode)));
    }
  }

  /** A systemd unit that must not be enabled (or not installed). */
  record ServiceDisabled(String unit) implements Control {
    @Override
    public String kind() {
      return "service-disabled";
    }

    @Override
    public String describe() {
      return unit + " disabled";
    }
  }

  /** The system-wide crypto policy: {@code policy} required, or {@code refused} refused. */
  record CryptoPolicy(Optional<String> policy, Optional<String> refused) implements Control {
    @Override
    public String kind() {
      return "crypto-policy";
    }

    @Override
    public String describe() {
      return policy.map(p -> "crypto policy " + p).orElseGet(() -> "crypto policy not " + refused.orElse(""));
    }

    @Override
    public List<Setting> settings() {
      return policy.map(p -> List.of(new Setting("crypto-policy", "policy", p))).orElse(List.of());
    }
  }

  /** A kernel command-line argument. */
  record KernelArg(String argument) implements Control {
    @Override
    public String kind() {
      return "kernel-arg";
    }

    @Override
    public String describe() {
      return "kernel argument " + argument;
    }
  }

  /** A KubeletConfiguration field, checked in the rendered file and optionally contributed at boot. */
  record KubeletConfig(String key, Object value, Check check, Optional<Object> kubeletDefault, boolean set)
      implements Control {
    @Override
    public String kind() {
      return "kubelet-config";
    }

    @Override
    public String describe() {
      return switch (check) {
        case PRESENT -> key + " set" + (set ? " (eksnode sets " + value + ")" : "");
        case NOT_EQUALS -> key + " not " + value;
        case AT_MOST_DURATION -> key + " at most " + value;
        default -> key + ": " + value;
      };
    }

    @Override
    public List<Setting> settings() {
      return set ? List.of(new Setting("kubelet", key, String.valueOf(value))) : List.of();
    }
  }

  /** An environment variable of a systemd service, contributed at boot. */
  record ServiceEnvironment(String service, String name, String value) implements Control {
    @Override
    public String kind() {
      return "service-environment";
    }

    @Override
    public String describe() {
      return name + "=" + value + " (" + service + ")";
    }

    @Override
    public List<Setting> settings() {
      return List.of(new Setting("environment:" + service, name, value));
    }
  }

  /** A rule that needs a person; {@code note} says why and how to check it. */
  record Manual(String note) implements Control {
    @Override
    public String kind() {
      return "manual";
    }

    @Override
    public String describe() {
      return "manual review";
    }
  }
}
