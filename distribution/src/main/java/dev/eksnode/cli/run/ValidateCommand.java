package dev.eksnode.cli.run;

import dev.eksnode.cli.command.Command;
import dev.eksnode.cli.command.ExitCode;
import dev.eksnode.cli.command.Invocation;
import dev.eksnode.cli.command.Option;
import dev.eksnode.cli.command.Session;
import dev.eksnode.cli.command.UsageException;
import dev.eksnode.kernel.Preparation;
import dev.eksnode.kernel.RunRequest;
import dev.eksnode.kernel.config.ConfigDocument;
import dev.eksnode.kernel.config.ConfigLoader;
import dev.eksnode.kernel.config.ConfigSource;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.Phase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** {@code eksnode validate}: the configuration checked offline exactly as a run would check it. */
public final class ValidateCommand implements Command {

  static final Option PHASE = Option.value("--phase", "boot|image",
      "the phase whose steps must be orderable with this configuration (default boot)");

  @Override
  public List<String> words() {
    return List.of("validate");
  }

  @Override
  public List<Option> options() {
    return List.of(PHASE);
  }

  @Override
  public Operands operands() {
    return Operands.WORDS;
  }

  @Override
  public Help help() {
    return new Help(
        "eksnode validate [FILE|-]... [--phase boot|image] [--strict|--lenient]",
        "Check configuration offline and report every problem with its location.",
        """
        With FILEs (or - for standard input), checks those documents merged in order. A file may be eksnode
        TOML, a nodeadm NodeConfig in YAML or JSON, or MIME multipart user data, base64 and/or gzip'd: the
        content decides (.toml, .yaml, .yml and .json names are taken at their word). Without FILE, checks
        the files bootstrap would read under --root (the preset the image configuration selects
        included). Never contacts instance metadata. The checks are the ones a run makes before its first
        step, through the same preparation: every plugin binds its sections, an AMI configuration's
        [boot] and [profiles.<name>] are checked as boot configuration, and the enabled plugins' steps of
        the phase must be orderable.
        Exit 2 with every problem listed as 'source, line L, column C: key: what is wrong (suggestion)';
        exit 3 when a plugin does not load or the steps cannot be ordered.
        Unknown keys are errors in eksnode TOML (--lenient: warnings) and warnings in a NodeConfig, which
        nodeadm ignores (--strict: errors). Warnings are printed as 'warning: ...' and do not fail.""",
        "curl -s -H \"X-aws-ec2-metadata-token: $TOKEN\" http://169.254.169.254/latest/user-data | eksnode validate -");
  }

  @Override
  public int run(Invocation invocation, Session session) {
    RunRequest request = Runs.request(invocation, session, invocation.phase(PHASE, Phase.BOOT)).withOffline(true);
    for (ConfigSource source : request.sources().orElse(List.of())) {
      if (source instanceof ConfigSource.Provided provided) {
        throw new UsageException("validate checks offline and does not read " + provided.uri() + "; name files instead");
      }
    }
    if (!invocation.operands().isEmpty()) {
      if (!invocation.configSources().isEmpty()) {
        throw new UsageException("validate checks either FILEs or --config-source sources, not both");
      }
      List<ConfigSource> sources = new ArrayList<>();
      for (String word : invocation.operands()) {
        sources.add(word.equals("-")
            ? new ConfigSource.Bytes("stdin", ConfigLoader.readBounded("stdin", session.in()))
            : new ConfigSource.Files(Invocation.path("FILE", word), false));
      }
      request = request.withSources(sources);
    }
    Preparation.Ready ready = Runs.prepare(session, request, false);
    List<ConfigDocument> documents = ready.configuration().documents();
    if (invocation.json()) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("valid", true);
      result.put("sources", ready.configuration().sources().stream().map(ConfigSource::display).toList());
      result.put("documents", documents.stream().map(d -> Map.of("source", d.source(), "format", d.format())).toList());
      result.put("enabled", new TreeSet<>(ready.setup().enabled()));
      result.put("warnings", ready.warnings().stream().map(ConfigProblem::toString).toList());
      session.printJson(result);
    } else {
      session.out().println("valid: " + (documents.isEmpty() ? "no configuration documents (built-in defaults)"
          : documents.size() + (documents.size() == 1 ? " document" : " documents"))
          + "; enabled plugins: " + String.join(", ", new TreeSet<>(ready.setup().enabled())));
    }
    return ExitCode.OK;
  }
}
