package dev.eksnode.kernel.config;

import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.spi.API;
import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigNode;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place eksnode hides secrets from what it shows: standard output and error (step lines,
 * errors, {@code plan --explain}, {@code validate}, debug logging), the run report and {@code
 * collect-logs} bundles all pass through {@link #redact}. A value is hidden for what it was declared
 * (every value of a {@linkplain ConfigKey#secret() secret key} the configuration sets, registered when
 * the configuration is bound) and for what it is: credentials in a URL ({@code http://user:pw@host}),
 * an AWS access key id, the value of a token, password, secret access key, session token or API key
 * setting ({@code token: x}, {@code AWS_SECRET_ACCESS_KEY=x}, {@code "password": "x"}), a bearer
 * token, and a PEM private key. Each becomes {@link #MASK}.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class Redaction {

  /** What a hidden value is replaced with. */
  public static final String MASK = "****";

  /** Declared secrets shorter than this are not searched for: they would hide ordinary words. */
  static final int MIN_DECLARED = 4;

  private static final Set<String> DECLARED =
      new ConcurrentSkipListSet<>(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));

  /**
   * The user info of a URL, up to the last {@code @} before the host (a password may hold an {@code @});
   * brackets, which user info cannot hold, end it ({@code http://[user:password@]host} is a template).
   */
  private static final Pattern URL_CREDENTIALS = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s\"'<>\\[\\]]*@");
  private static final Pattern ACCESS_KEY_ID = Pattern.compile("\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b");
  /**
   * A setting whose name says it holds a secret, then {@code =} or {@code :}, then a value that is not a
   * literal ({@code true}, a number, a list or table), a shell variable ({@code $TOKEN}) nor a lower-case
   * word ({@code plugins.acme.token: is required}); a secret that is a plain lower-case word is hidden
   * only when declared.
   */
  private static final Pattern SECRET_SETTING = Pattern.compile(
      "(?i)(?<![/A-Za-z0-9_.-])([A-Za-z0-9_.-]*(?:token|password|passwd|secret[-_]?access[-_]?key|secret[-_]?key|api[-_]?key|client[-_]key[-_]data)"
          + "[\"']?\\s*[:=]\\s*[\"']?)(?!(?:true|false|null)\\b)(?![\\d\\[{($]|\\*{3})(?!(?-i:[a-z]+)(?:[\\s\"',;}\\]]|$))([^\\s\"',;}\\]]+)");
  private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}");
  private static final Pattern PRIVATE_KEY = Pattern.compile(
      "-----BEGIN ([A-Z ]*)PRIVATE KEY-----.*?(?:-----END \\1PRIVATE KEY-----|\\z)", Pattern.DOTALL);

  private Redaction() {}

  /** Hides {@code value} wherever it appears from now on (in this process), when it has at least {@value #MIN_DECLARED} characters. */
  public static void declare(String value) {
    if (value != null && value.strip().length() >= MIN_DECLARED) {
      DECLARED.add(value);
    }
  }

  /** Declares the value of every key of {@code keys} marked secret that {@code config} sets. */
  public static void declareSecrets(List<ConfigKey> keys, ConfigNode.Table config) {
    secretValues(keys, config).keySet().forEach(Redaction::declare);
  }

  /** The value (as text) of every key of {@code keys} marked secret that {@code config} sets, to its key. */
  public static Map<String, String> secretValues(List<ConfigKey> keys, ConfigNode.Table config) {
    Map<String, String> values = new LinkedHashMap<>();
    for (ConfigKey key : keys) {
      if (key.secret()) {
        leaf(config, key.path()).ifPresent(value -> values.putIfAbsent(value, key.path()));
      }
    }
    return values;
  }

  private static Optional<String> leaf(ConfigNode.Table config, String path) {
    ConfigNode node = config;
    for (String segment : ConfigSchema.segments(path)) {
      if (!(node instanceof ConfigNode.Table table) || (node = table.entries().get(segment)) == null) {
        return Optional.empty();
      }
    }
    return node instanceof ConfigNode.Leaf leaf ? Optional.of(String.valueOf(leaf.value())) : Optional.empty();
  }

  /** {@code text} with every secret, declared or recognised, replaced by {@link #MASK}. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String redacted = text;
    for (String secret : DECLARED) {
      if (redacted.contains(secret)) {
        redacted = redacted.replace(secret, MASK);
      }
    }
    redacted = PRIVATE_KEY.matcher(redacted).replaceAll("-----BEGIN $1PRIVATE KEY----- " + MASK + " -----END $1PRIVATE KEY-----");
    redacted = URL_CREDENTIALS.matcher(redacted).replaceAll("$1" + MASK + "@");
    redacted = ACCESS_KEY_ID.matcher(redacted).replaceAll(MASK);
    redacted = BEARER.matcher(redacted).replaceAll("$1" + MASK);
    return SECRET_SETTING.matcher(redacted).replaceAll(match -> Matcher.quoteReplacement(match.group(1) + MASK));
  }

  /**
   * A stream that writes what it is given redacted, a line at a time (a partial line on flush). The lines
   * of a PEM private key are held back until its end line, so the key is never written in parts.
   */
  public static OutputStream redacting(OutputStream target) {
    return new FilterOutputStream(target) {
      private final ByteArrayOutputStream line = new ByteArrayOutputStream();
      private final List<String> privateKey = new ArrayList<>();

      @Override
      public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
          emit();
        }
      }

      @Override
      public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
          write(bytes[i]);
        }
      }

      @Override
      public synchronized void flush() throws IOException {
        if (privateKey.isEmpty()) {
          emit();
        }
        out.flush();
      }

      @Override
      public synchronized void close() throws IOException {
        if (privateKey.isEmpty()) {
          emit();
        } else {
          String held = String.join("", privateKey) + line.toString(StandardCharsets.UTF_8);
          privateKey.clear();
          line.reset();
          out.write(redact(held).getBytes(StandardCharsets.UTF_8));
        }
        out.close();
      }

      private void emit() throws IOException {
        if (line.size() == 0) {
          return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (!privateKey.isEmpty() || (text.contains("-----BEGIN ") && text.contains("PRIVATE KEY-----") && !text.contains("-----END "))) {
          privateKey.add(text);
          if (!text.contains("-----END ")) {
            return;
          }
          text = String.join("", privateKey);
          privateKey.clear();
        }
        out.write(redact(text).getBytes(StandardCharsets.UTF_8));
      }
    };
  }
}
