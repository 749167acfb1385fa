package dev.eksnode.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The module rules of eksnode, checked against the compiled classes of every module. ArchUnit fails a
 * rule whose {@code that()} matches no class, and {@link #everyRuleFindsTheRogueClassesThatBreakIt}
 * shows each rule reporting classes written to break it, so no rule passes by checking nothing.
 */
class ArchitectureTest {

  /** The main classes of every module, imported from their build directories. */
  private static final JavaClasses EKSNODE = new ClassFileImporter().importPaths(moduleClasses());

  /** The same plus this module's test classes, among them the rogue fixtures under {@code ..rogue}. */
  private static final JavaClasses WITH_ROGUES =
      new ClassFileImporter().importPaths(concat(moduleClasses(), Path.of("target/test-classes")));

  static final ArchRule SPI_DEPENDS_ON_THE_JDK_ALONE =
      classes().that().resideInAPackage("dev.eksnode.spi..")
          .should().onlyDependOnClassesThat().resideInAnyPackage("dev.eksnode.spi..", "java..")
          .because("plugins build against the SPI alone");

  static final ArchRule KERNEL_KNOWS_NO_PLUGIN_AND_NO_CLI =
      noClasses().that().resideInAPackage("dev.eksnode.kernel..")
          .should().dependOnClassesThat().resideInAnyPackage("dev.eksnode.plugins..", "dev.eksnode.cli..")
          .because("the kernel knows nothing about Kubernetes or the command line");

  // Of eksnode's own code a plugin sees the SPI alone; libraries of its own (Jackson, the AWS SDK,
  // tomlj) are its business, so the rule names what is forbidden rather than what is allowed.
  static final ArchRule PLUGINS_DEPEND_ON_THE_SPI_ALONE =
      noClasses().that().resideInAPackage("dev.eksnode.plugins..")
          .should().dependOnClassesThat().resideInAnyPackage("dev.eksnode.kernel..", "dev.eksnode.cli..", "dev.eksnode.tck..")
          .because("a plugin touches the machine only through the SPI");

  static final ArchRule PLUGINS_DO_NOT_DEPEND_ON_EACH_OTHER =
      slices().matching("dev.eksnode.plugins.(*)..").namingSlices("plugin $1")
          .should().notDependOnEachOther()
          .because("plugins cooperate through facts and shared documents, not each other's classes");

  static final ArchRule NO_CYCLES_BETWEEN_MODULES =
      slices().matching("dev.eksnode.(*)..").namingSlices("$1")
          .should().beFreeOfCycles();

  /** Finer than modules: no two packages anywhere depend on each other in a circle. */
  static final ArchRule NO_PACKAGE_CYCLES =
      slices().matching("dev.eksnode.(**)").namingSlices("$1")
          .should().beFreeOfCycles();

  static final ArchRule ONLY_THE_CLI_PRINTS =
      noClasses().that().resideOutsideOfPackage("dev.eksnode.cli..")
          .should().accessField(System.class, "out")
          .orShould().accessField(System.class, "err")
          .orShould().callMethod(Throwable.class, "printStackTrace")
          .because("everything but the CLI reports through results and SLF4J");

  static final ArchRule NO_JAVA_UTIL_LOGGING =
      noClasses().should().dependOnClassesThat().resideInAPackage("java.util.logging..")
          .because("eksnode logs through SLF4J");

  /** Main classes of every module, and the rogue fixtures: the tests themselves may start processes. */
  private static final DescribedPredicate<JavaClass> PRODUCTION_OR_ROGUE = DescribedPredicate.describe(
      "production classes",
      type -> type.getPackageName().contains(".rogue")
          || type.getSource().map(source -> !source.getUri().toString().contains("/test-classes/")).orElse(true));

  static final ArchRule ONLY_THE_HOST_STARTS_PROCESSES =
      noClasses().that(PRODUCTION_OR_ROGUE).and().doNotHaveFullyQualifiedName("dev.eksnode.kernel.FileHost")
          .should().dependOnClassesThat().belongToAnyOf(ProcessBuilder.class)
          .orShould().callMethodWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                  JavaClass.Predicates.assignableTo(Runtime.class)))
              .and(JavaCall.Predicates.target(HasName.Predicates.name("exec"))))
          .because("commands are argument vectors that only the kernel's Host runs (and records), never a line"
              + " for a shell built elsewhere");

  static final ArchRule ONLY_THE_CLI_ENDS_THE_PROCESS =
      noClasses().that(PRODUCTION_OR_ROGUE).and().doNotHaveFullyQualifiedName("dev.eksnode.cli.ExitGuard")
          .should().callMethod(System.class, "exit", int.class)
          .orShould().callMethod(Runtime.class, "exit", int.class)
          .orShould().callMethod(Runtime.class, "halt", int.class)
          .because("the exit code is the CLI's to give: anything else ends the run without a report (ExitGuard turns an exit"
              + " from plugin code into a failed plugin)");

  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of("spi depends on the JDK alone", SPI_DEPENDS_ON_THE_JDK_ALONE),
        Arguments.of("kernel knows no plugin and no CLI", KERNEL_KNOWS_NO_PLUGIN_AND_NO_CLI),
        Arguments.of("plugins depend on the SPI alone", PLUGINS_DEPEND_ON_THE_SPI_ALONE),
        Arguments.of("plugins do not depend on each other", PLUGINS_DO_NOT_DEPEND_ON_EACH_OTHER),
        Arguments.of("no cycles between modules", NO_CYCLES_BETWEEN_MODULES),
        Arguments.of("only the CLI prints", ONLY_THE_CLI_PRINTS),
        Arguments.of("no java.util.logging", NO_JAVA_UTIL_LOGGING),
        Arguments.of("only the host starts processes", ONLY_THE_HOST_STARTS_PROCESSES),
        Arguments.of("only the CLI ends the process", ONLY_THE_CLI_ENDS_THE_PROCESS));
  }

  @Test
  void importsTheClassesOfEveryModule() {
    Set<String> modules = new TreeSet<>();
    for (JavaClass type : EKSNODE) {
      modules.add(type.getPackageName().replaceFirst("^(dev\\.eksnode\\.(plugins\\.)?[^.]+).*", "$1"));
    }
    assertTrue(
        modules.containsAll(Set.of("dev.eksnode.spi", "dev.eksnode.kernel", "dev.eksnode.plugins.core", "dev.eksnode.cli")),
        "imported " + modules);
    assertFalse(EKSNODE.contain("dev.eksnode.plugins.rogue.RogueStep"), "test fixtures are not eksnode");
  }

  @Test
  void spiDependsOnTheJdkAlone() {
    SPI_DEPENDS_ON_THE_JDK_ALONE.check(EKSNODE);
  }

  @Test
  void kernelDependsOnNoPluginAndNotOnTheCli() {
    KERNEL_KNOWS_NO_PLUGIN_AND_NO_CLI.check(EKSNODE);
  }

  @Test
  void pluginsDependOnTheSpiAlone() {
    PLUGINS_DEPEND_ON_THE_SPI_ALONE.check(EKSNODE);
  }

  @Test
  void pluginsDoNotDependOnEachOther() {
    PLUGINS_DO_NOT_DEPEND_ON_EACH_OTHER.check(EKSNODE);
  }

  @Test
  void modulesHaveNoDependencyCycles() {
    NO_CYCLES_BETWEEN_MODULES.check(EKSNODE);
  }

  @Test
  void packagesHaveNoDependencyCycles() {
    NO_PACKAGE_CYCLES.check(EKSNODE);
  }

  @Test
  void onlyTheCliPrintsToTheStandardStreams() {
    ONLY_THE_CLI_PRINTS.check(EKSNODE);
  }

  @Test
  void nothingUsesJavaUtilLogging() {
    NO_JAVA_UTIL_LOGGING.check(EKSNODE);
  }

  @Test
  void onlyTheKernelsHostStartsProcesses() {
    ONLY_THE_HOST_STARTS_PROCESSES.check(EKSNODE);
  }

  @Test
  void onlyTheCliEndsTheProcess() {
    ONLY_THE_CLI_ENDS_THE_PROCESS.check(EKSNODE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void everyRuleFindsTheRogueClassesThatBreakIt(String name, ArchRule rule) {
    EvaluationResult result = rule.evaluate(WITH_ROGUES);

    assertTrue(result.hasViolation(), name + " let the rogue classes pass");
    List<String> details = result.getFailureReport().getDetails();
    assertEquals(
        List.of(),
        details.stream().filter(detail -> !detail.contains(".rogue.")).toList(),
        name + " reports only the rogue classes");
  }

  /** {@code target/classes} of every module, relative to this module's directory. */
  private static Path[] moduleClasses() {
    List<Path> paths = new ArrayList<>(List.of(Path.of("../spi/target/classes"), Path.of("../kernel/target/classes")));
    try (Stream<Path> plugins = Files.list(Path.of("../plugins"))) {
      plugins.map(plugin -> plugin.resolve("target/classes")).filter(Files::isDirectory).sorted().forEach(paths::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    paths.add(Path.of("target/classes"));
    for (Path path : paths) {
      if (!Files.isDirectory(path)) {
        throw new IllegalStateException("no compiled classes at " + path.toAbsolutePath() + "; build the reactor");
      }
    }
    return paths.toArray(Path[]::new);
  }

  private static Path[] concat(Path[] paths, Path more) {
    Path[] all = Arrays.copyOf(paths, paths.length + 1);
    all[paths.length] = more;
    return all;
  }
}
