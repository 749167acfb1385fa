package dev.eksnode.plugins.core.node;

import dev.eksnode.node.Documents;
import dev.eksnode.spi.Contribution;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders {@link Documents#HOSTS_ENTRIES} into a marked block at the end of {@code /etc/hosts}. The
 * block is replaced on every run, so a second run never appends twice; the rest of the file is kept.
 */
public final class WriteEtcHostsStep implements Step {

  public static final String ID = "core/etc-hosts";
  static final String PATH = "/etc/hosts";
  static final String BEGIN = "# BEGIN eksnode core/etc-hosts: do not edit this block";
  static final String END = "# END eksnode core/etc-hosts";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Set<DocumentKey<?>> renders() {
    return Set.of(Documents.HOSTS_ENTRIES);
  }

  @Override
  public Outcome apply(StepContext context) {
    Map<String, Set<String>> entries = new LinkedHashMap<>();
    for (Contribution<Map<String, List<String>>> contribution : context.contributions(Documents.HOSTS_ENTRIES)) {
      contribution.value().forEach((address, names) -> entries.computeIfAbsent(address, a -> new LinkedHashSet<>()).addAll(names));
    }
    Host host = context.host();
    String current = host.readString(PATH).orElse("");
    boolean hasBlock = current.contains(BEGIN);
    if (entries.isEmpty() && !hasBlock) {
      // Nothing to add and nothing of ours to remove: /etc/hosts already is as it should be.
      return Outcome.done();
    }
    List<String> kept = new ArrayList<>();
    boolean inBlock = false;
    for (String line : current.lines().toList()) {
      if (line.equals(BEGIN)) {
        inBlock = true;
      } else if (line.equals(END)) {
        inBlock = false;
      } else if (!inBlock) {
        kept.add(line);
      }
    }
    StringBuilder text = new StringBuilder();
    kept.forEach(line -> text.append(line).append('\n'));
    if (!entries.isEmpty()) {
      text.append(BEGIN).append('\n');
      entries.forEach((address, names) -> text.append(address).append('\t').append(String.join(" ", names)).append('\n'));
      text.append(END).append('\n');
    }
    host.writeString(PATH, text.toString(), host.mode(PATH).orElse(0644));
    return Outcome.done();
  }
}
