package dev.eksnode.kernel;

import dev.eksnode.kernel.internal.Pf4jJars;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eksnode.kernel.testing.PluginJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin jars that would end, hang or crash the process as they load: calls to {@code System.exit}
 * and {@code Runtime.halt}, static initializers that spin or throw errors, declarations that answer
 * null, a FIFO named like a jar. Each is one plugin problem naming the jar, in plain words, and the
 * other jars still load.
 */
class HostilePluginTest {


  @TempDir Path plugins;

  private static String plugin(String pkg, String body) {
    return """
        package %s;
        import dev.eksnode.spi.*;
        import java.util.List;
        public final class Hostile implements Plugin {
          %s
          @Override public String id() { return "%s"; }
          @Override public String version() { return "1.0.0"; }
          @Override public String description() { return "hostile"; }
          @Override public List<Step> steps() { return List.of(); }
        }
        """.formatted(pkg, body, pkg);
  }

  private Path jar(String pkg, String body) {
    return PluginJar.named(pkg + ".jar").source(pkg + ".Hostile", plugin(pkg, body)).service(pkg + ".Hostile").buildIn(plugins);
  }

  private List<String> problems(Duration deadline) {
    Pf4jJars.Result result = Pf4jJars.load(plugins, PluginPins.NONE, false, deadline);
    return result.problems().stream().map(GraphProblem::message).toList();
  }

  @Test
  void refusesAJarThatCallsSystemExitBeforeLoadingAnyOfItsClasses() {
    Path jar = jar("quitter", "static { System.exit(0); }");
    PluginJar.plugin("fine").step("fine/x", java.util.Set.of()).buildIn(plugins);

    Pf4jJars.Result result = Pf4jJars.load(plugins, PluginPins.NONE, false, Duration.ofSeconds(30));

    assertEquals(List.of("plugin jar " + jar + " failed to load: its class quitter.Hostile calls System.exit: a plugin may"
        + " not end the eksnode process (throw an exception or return Outcome.Failed instead)"),
        result.problems().stream().map(GraphProblem::message).toList());
    assertEquals(List.of("fine"), result.plugins().stream().map(LoadedPlugin::id).toList());
  }

  @Test
  void refusesAJarThatHaltsOrTakesExitAsAMethodHandle() {
    Path halt = jar("halter", "void stop() { Runtime.getRuntime().halt(42); }");
    Path handle = jar("handler", "java.util.function.IntConsumer stop = System::exit;");

    assertEquals(List.of(
        "plugin jar " + halt + " failed to load: its class halter.Hostile calls Runtime.halt: a plugin may not end the eksnode"
            + " process (throw an exception or return Outcome.Failed instead)",
        "plugin jar " + handle + " failed to load: its class handler.Hostile calls System.exit: a plugin may not end the"
            + " eksnode process (throw an exception or return Outcome.Failed instead)"), problems(Duration.ofSeconds(30)));
  }

  @Test
  void reportsAStaticInitializerThatNeverReturnsAtTheLoadDeadline() {
    Path jar = jar("spinner", "static { spin(); } static void spin() { while (true) { Thread.onSpinWait(); } }");

    assertEquals(List.of("plugin jar " + jar + " failed to load: did not finish loading within 2 s (EKSNODE_PLUGIN_LOAD_DEADLINE_SECONDS):"
        + " its static initialization or its plugin's constructor or declarations do not return"), problems(Duration.ofSeconds(2)));
  }

  @Test
  void reportsErrorsOfAStaticInitializerInPlainWords() {
    Path overflow = jar("overflow", "static int deep(int n) { return deep(n + 1) + 1; } static { deep(0); }");
    Path asserts = jar("asserts", "static { if (true) throw new AssertionError(); }");
    Path throwing = jar("throwing", "static { if (true) throw new IllegalStateException(\"no config\"); }");

    assertEquals(List.of(
        "plugin jar " + asserts + " failed to load: its plugin class could not be made: an assertion failed",
        "plugin jar " + overflow + " failed to load: its plugin class could not be made: ran out of stack (a"
            + " recursion too deep)",
        "plugin jar " + throwing + " failed to load: its plugin class could not be made: its class initialization failed: no"
            + " config"), problems(Duration.ofSeconds(30)));
  }

  @Test
  void refusesAPluginWhoseDeclarationsAnswerNull() {
    Path nullSteps = PluginJar.named("nulls.jar").source("nulls.Hostile", """
        package nulls;
        import dev.eksnode.spi.*;
        import java.util.List;
        public final class Hostile implements Plugin {
          @Override public String id() { return "nulls"; }
          @Override public String version() { return "1.0.0"; }
          @Override public String description() { return "hostile"; }
          @Override public List<Step> steps() { return null; }
        }
        """).service("nulls.Hostile").buildIn(plugins);

    assertEquals(List.of("plugin jar " + nullSteps + " failed to load: plugin 'nulls' is broken: steps() returned null"),
        problems(Duration.ofSeconds(30)));
  }

  @Test
  void refusesAFifoNamedLikeAJarWithoutOpeningIt() throws Exception {
    Path fifo = plugins.resolve("fifo.jar");
    HostileRootTest.mkfifo(fifo);

    assertEquals(List.of("plugin jar " + fifo + " failed to load: is not a regular file (a directory, FIFO, socket or device):"
        + " a plugin jar must be a regular file"), problems(Duration.ofSeconds(30)));
    assertEquals(true, Files.exists(fifo));
  }
}
