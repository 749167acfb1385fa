package com.example.acme;

import dev.eksnode.spi.ConfigSection;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code [plugins.acme]} section, bound and checked. Every problem is reported through the section,
 * so it carries the file, line and column of the offending value.
 *
 * @param endpoint where the agent ships metrics; an https URL
 * @param logLevel debug, info, warn or error
 * @param tags {@code key=value} tags the agent adds to everything it sends
 * @param token the agent's enrolment token; a secret, which the kernel requires at boot (empty in an
 *     image build)
 */
public record AcmeSettings(URI endpoint, String logLevel, List<String> tags, String token) {

  static final URI DEFAULT_ENDPOINT = URI.create("https://collector.acme.example.com");
  private static final Set<String> LEVELS = Set.of("debug", "info", "warn", "error");
  private static final Pattern TAG = Pattern.compile("[a-z][a-z0-9_.-]*=[A-Za-z0-9_.-]+");

  /** The settings with the token masked: a record's own {@code toString} would print it. */
  @Override
  public String toString() {
    return "AcmeSettings[endpoint=" + endpoint + ", logLevel=" + logLevel + ", tags=" + tags + ", token=****]";
  }

  static AcmeSettings bind(ConfigSection section) {
    section.allowOnly(Set.of("endpoint", "logLevel", "tags", "token"));
    URI endpoint = section.string("endpoint").map(text -> endpoint(section, text)).orElse(DEFAULT_ENDPOINT);
    String logLevel = section.string("logLevel").orElse("info");
    if (!LEVELS.contains(logLevel)) {
      section.problem("logLevel", "\"" + logLevel + "\" is not a log level", "one of debug, info, warn, error");
    }
    List<String> tags = new ArrayList<>();
    for (String tag : section.strings("tags").orElse(List.of())) {
      if (TAG.matcher(tag).matches()) {
        tags.add(tag);
      } else {
        section.problem("tags", "\"" + tag + "\" is not a tag", "write key=value, e.g. team=ml");
      }
    }
    String token = section.string("token").orElse("");
    if (token.contains("\n")) {
      // The message names the key only: a secret's value is never echoed.
      section.problem("token", "must be one line");
    }
    return new AcmeSettings(endpoint, logLevel, List.copyOf(tags), token);
  }

  private static URI endpoint(ConfigSection section, String text) {
    try {
      URI uri = new URI(text);
      if ("https".equals(uri.getScheme()) && uri.getHost() != null) {
        return uri;
      }
      section.problem("endpoint", "\"" + text + "\" is not an https URL", "e.g. https://collector.acme.example.com");
    } catch (URISyntaxException e) {
      section.problem("endpoint", "\"" + text + "\" is not a URL: " + e.getReason());
    }
    return DEFAULT_ENDPOINT;
  }
}
