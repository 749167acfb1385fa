package dev.eksnode.bench.synthetic;

import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * A plugin for the boot benchmarks with one boot step. bench/boot.sh compiles it once and packs it
 * into many jars that differ only in {@code synthetic.properties}: {@code id} (the plugin id; the step
 * is {@code <id>/work}), {@code sleepMillis} (0: the step does nothing) and {@code enabled} (default
 * true: enabled by default).
 */
public final class SyntheticPlugin implements Plugin {

  private final String id;
  private final long sleepMillis;
  private final boolean enabled;

  public SyntheticPlugin() {
    Properties properties = new Properties();
    try (InputStream in = SyntheticPlugin.class.getResourceAsStream("/synthetic.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    id = properties.getProperty("id");
    sleepMillis = Long.parseLong(properties.getProperty("sleepMillis", "0"));
    enabled = Boolean.parseBoolean(properties.getProperty("enabled", "true"));
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String version() {
    return "1.0.0";
  }

  @Override
  public String description() {
    return "Synthetic benchmark plugin" + (sleepMillis > 0 ? " (step sleeps " + sleepMillis + " ms)" : "");
  }

  @Override
  public boolean enabledByDefault() {
    return enabled;
  }

  @Override
  public List<Step> steps() {
    return List.of(new Step() {
      @Override
      public String id() {
        return id + "/work";
      }

      @Override
      public Phase phase() {
        return Phase.BOOT;
      }

      @Override
      public Outcome apply(StepContext context) {
        if (sleepMillis > 0) {
          try {
            Thread.sleep(sleepMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return Outcome.done();
      }
    });
  }
}
