package dev.eksnode.node;

import static dev.eksnode.spi.API.Status.STABLE;

import dev.eksnode.spi.API;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP(S) proxy the node's own AWS API calls go through, published by the proxy plugin as
 * {@link NodeFacts#PROXY}. A step that makes AWS calls reads it if present ({@code readsIfPresent()});
 * instance metadata calls never use it. The URLs may carry credentials: {@link #toString()} redacts
 * them, and nothing may log or write {@link #httpProxy()} or {@link #httpsProxy()} except into a file
 * only root can read.
 *
 * @param httpProxy the proxy for {@code http://} URLs
 * @param httpsProxy the proxy for {@code https://} URLs
 * @param noProxy hosts, domains ({@code .example.com}), addresses and CIDRs reached directly, in order
 */
@API(status = STABLE, since = "0.1.0")
public record ProxySettings(Optional<URI> httpProxy, Optional<URI> httpsProxy, List<String> noProxy) {
  public ProxySettings {
    Objects.requireNonNull(httpProxy, "httpProxy");
    Objects.requireNonNull(httpsProxy, "httpsProxy");
    noProxy = List.copyOf(noProxy);
  }

  /** The URL with any {@code user:password@} replaced by {@code ***@}, safe for logs and reports. */
  public static String redact(URI url) {
    if (url.getRawUserInfo() == null) {
      return url.toString();
    }
    String text = url.toString();
    int at = text.indexOf('@', text.indexOf("//") + 2);
    return text.substring(0, text.indexOf("//") + 2) + "***" + text.substring(at);
  }

  @Override
  public String toString() {
    return "ProxySettings[httpProxy=" + httpProxy.map(ProxySettings::redact).orElse("none")
        + ", httpsProxy=" + httpsProxy.map(ProxySettings::redact).orElse("none")
        + ", noProxy=" + String.join(",", noProxy) + "]";
  }
}
