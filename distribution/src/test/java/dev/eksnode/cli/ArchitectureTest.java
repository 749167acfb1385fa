package dev.eksnode.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.all;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.AbstractClassesTransformer;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ClassesTransformer;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.eksnode.spi.API;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  /**
   * eksnode's classes with the conformance kit's, which plugin authors build their tests against. The
   * kit is a test library (it starts {@code systemd-analyze}, for one), so only the rules about
   * published types read it.
   */
  private static final JavaClasses WITH_KIT =
      new ClassFileImporter().importPaths(concat(moduleClasses(), Path.of("../tck/kit/target/classes")));

  /** The modules whose exported packages others build against, by directory. */
  private static final List<Path> PUBLISHED_MODULES =
      List.of(Path.of("../spi"), Path.of("../node-api"), Path.of("../kernel"), Path.of("../tck/kit"));

  /**
   * eksnode's classes with the kit's and every module's test classes: the users of the published
   * packages (a plugin's tests use the kit, for one).
   */
  private static final JavaClasses WITH_USERS = new ClassFileImporter().importPaths(withUsers());

  /** The packages the published modules export, read from their compiled {@code module-info}. */
  private static final Set<String> EXPORTED = exportedPackages();

  static final ArchRule SPI_DEPENDS_ON_THE_JDK_ALONE =
      classes().that().resideInAPackage("dev.eksnode.spi..")
          .should().onlyDependOnClassesThat().resideInAnyPackage("dev.eksnode.spi..", "java..")
          .because("plugins build against the SPI alone");

  /**
   * Words that name a Kubernetes or EKS concept. An identifier is split into its words ({@code
   * kubeletVersion}: kubelet, version; {@code NODE_LABELS}: node, labels), and none may be one of these
   * or a pair of {@link #KUBERNETES_PAIRS}. The node API is where such names belong.
   */
  static final Set<String> KUBERNETES_WORDS = Set.of("kube", "kubelet", "kubernetes", "k8s", "kubeconfig", "kubectl",
      "containerd", "eks", "nodeadm", "cluster", "clusters", "pod", "pods", "taint", "taints", "cni", "ecr", "ec2", "imds",
      "nvidia", "outpost", "outposts");

  /** Word pairs that name a Kubernetes concept although each word alone does not ({@code ConfigNode} is fine). */
  static final Set<List<String>> KUBERNETES_PAIRS = Set.of(
      List.of("node", "label"), List.of("node", "labels"), List.of("node", "facts"), List.of("instance", "info"),
      List.of("instance", "type"));

  /** The Kubernetes words of an identifier, e.g. {@code [kubelet]} for {@code kubeletVersion}; empty when it has none. */
  static List<String> kubernetesWords(String identifier) {
    List<String> words = Arrays.stream(identifier.split("(?<=[a-z0-9])(?=[A-Z])|[_$]+"))
        .filter(word -> !word.isEmpty()).map(word -> word.toLowerCase(Locale.ROOT)).toList();
    List<String> found = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      if (KUBERNETES_WORDS.contains(words.get(i))) {
        found.add(words.get(i));
      } else if (i + 1 < words.size() && KUBERNETES_PAIRS.contains(List.of(words.get(i), words.get(i + 1)))) {
        found.add(words.get(i) + " " + words.get(i + 1));
      }
    }
    return found;
  }

  static final ArchRule SPI_NAMES_NO_KUBERNETES_CONCEPT =
      classes().that().resideInAPackage("dev.eksnode.spi..")
          .should(new ArchCondition<JavaClass>("name no Kubernetes concept in their names or their members' names") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
              Map<String, String> names = new LinkedHashMap<>();
              names.put(type.getSimpleName(), type.getName());
              type.getFields().forEach(field -> names.put(field.getName(), field.getFullName()));
              type.getMethods().stream().filter(method -> !method.getName().startsWith("lambda$"))
                  .forEach(method -> names.put(method.getName(), method.getFullName()));
              names.forEach((name, where) -> {
                List<String> words = kubernetesWords(name);
                if (!words.isEmpty()) {
                  events.add(SimpleConditionEvent.violated(type, where + " names " + String.join(", ", words)));
                }
              });
            }
          })
          .because("the SPI is the generic contract; the node's vocabulary lives in the node API");

  static final ArchRule KERNEL_KNOWS_NO_PLUGIN_AND_NO_CLI =
      noClasses().that().resideInAPackage("dev.eksnode.kernel..")
          .should().dependOnClassesThat().resideInAnyPackage("dev.eksnode.plugins..", "dev.eksnode.cli..")
          .because("the kernel knows nothing about Kubernetes or the command line");

  // Of eksnode's own code a plugin sees the SPI and the node API alone; libraries of its own (Jackson,
  // the AWS SDK, tomlj) are its business, so the rule is about eksnode's packages only.
  static final ArchRule PLUGINS_DEPEND_ON_THE_SPI_AND_THE_NODE_API_ALONE =
      noClasses().that().resideInAPackage("dev.eksnode.plugins..")
          .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("dev.eksnode..")
              .and(DescribedPredicate.not(JavaClass.Predicates.resideInAnyPackage(
                  "dev.eksnode.spi..", "dev.eksnode.node..", "dev.eksnode.plugins..")))
              .as("are eksnode's but neither the SPI, the node API nor a plugin's"))
          .because("a plugin touches the machine only through the SPI, and shares the node's vocabulary through the node API");

  static final ArchRule KERNEL_DOES_NOT_SEE_THE_NODE_API =
      noClasses().that().resideInAPackage("dev.eksnode.kernel..")
          .should().dependOnClassesThat().resideInAPackage("dev.eksnode.node..")
          .because("the kernel orders and runs any steps; the node's vocabulary is the plugins' business");

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

  /**
   * A type others may build against: in a package a published module exports, or a rogue fixture
   * standing in one (a {@code .rogue} package under a published module's package).
   */
  private static final DescribedPredicate<JavaClass> PUBLISHED = DescribedPredicate.describe(
      "in a package a published module exports",
      type -> EXPORTED.contains(type.getPackageName())
          || (type.getPackageName().endsWith(".rogue")
              && EXPORTED.contains(type.getPackageName().substring(0, type.getPackageName().length() - ".rogue".length()))));

  // JUnit's rule: every public top-level type says what it promises; nested types share their enclosing type's mark.
  static final ArchRule PUBLISHED_TYPES_STATE_THEIR_STABILITY =
      classes().that(PUBLISHED).and().arePublic().and().areTopLevelClasses()
          .should().beAnnotatedWith(API.class)
          .because("a plugin author must see which types are stable, experimental or internal");

  /**
   * The exported packages of the published modules (and rogue fixture packages standing in one, under
   * a published module's package), each with the package root of the module that exports it.
   */
  private static final ClassesTransformer<JavaPackage> EXPORTED_PACKAGES =
      new AbstractClassesTransformer<>("exported packages of spi, node-api, the kernel and the kit") {
        @Override
        public Iterable<JavaPackage> doTransform(JavaClasses classes) {
          List<JavaPackage> packages = new ArrayList<>();
          for (String name : EXPORTED) {
            for (String candidate : List.of(name, name + ".rogue")) {
              if (classes.containPackage(candidate) && !classes.getPackage(candidate).getClasses().isEmpty()) {
                packages.add(classes.getPackage(candidate));
              }
            }
          }
          return packages;
        }
      };

  /** The root package of the module that exports {@code name}: {@code dev.eksnode.spi}, {@code dev.eksnode.node}, ... */
  private static String moduleRoot(String name) {
    return name.replaceFirst("^(dev\\.eksnode\\.[^.]+).*", "$1");
  }

  static final ArchRule EXPORTED_PACKAGES_ARE_USED_OUTSIDE_THEIR_MODULE =
      all(EXPORTED_PACKAGES).should(new ArchCondition<JavaPackage>("be used by a class outside their module") {
        @Override
        public void check(JavaPackage exported, ConditionEvents events) {
          String root = moduleRoot(exported.getName());
          boolean used = exported.getClassDependenciesToThisPackage().stream()
              .map(dependency -> dependency.getOriginClass().getPackageName())
              .anyMatch(user -> !user.equals(root) && !user.startsWith(root + "."));
          if (!used) {
            events.add(SimpleConditionEvent.violated(exported, "package " + exported.getName() + " is exported, but no class"
                + " outside " + root + " uses any of " + new TreeSet<>(exported.getClasses().stream().map(JavaClass::getName).toList())));
          }
        }
      }).because("an exported package nobody else uses is a promise kept for nobody; make it internal");

  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of("spi depends on the JDK alone", SPI_DEPENDS_ON_THE_JDK_ALONE),
        Arguments.of("spi names no Kubernetes concept", SPI_NAMES_NO_KUBERNETES_CONCEPT),
        Arguments.of("kernel knows no plugin and no CLI", KERNEL_KNOWS_NO_PLUGIN_AND_NO_CLI),
        Arguments.of("plugins depend on the SPI and the node API alone", PLUGINS_DEPEND_ON_THE_SPI_AND_THE_NODE_API_ALONE),
        Arguments.of("the kernel does not see the node API", KERNEL_DOES_NOT_SEE_THE_NODE_API),
        Arguments.of("exported packages are used outside their module", EXPORTED_PACKAGES_ARE_USED_OUTSIDE_THEIR_MODULE),
        Arguments.of("plugins do not depend on each other", PLUGINS_DO_NOT_DEPEND_ON_EACH_OTHER),
        Arguments.of("no cycles between modules", NO_CYCLES_BETWEEN_MODULES),
        Arguments.of("only the CLI prints", ONLY_THE_CLI_PRINTS),
        Arguments.of("no java.util.logging", NO_JAVA_UTIL_LOGGING),
        Arguments.of("only the host starts processes", ONLY_THE_HOST_STARTS_PROCESSES),
        Arguments.of("published types state their stability", PUBLISHED_TYPES_STATE_THEIR_STABILITY));
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
  void spiNamesNoKubernetesConcept() {
    SPI_NAMES_NO_KUBERNETES_CONCEPT.check(EKSNODE);
  }

  @Test
  void findsTheKubernetesWordsOfAnIdentifier() {
    assertEquals(List.of("kubelet"), kubernetesWords("kubeletVersion"));
    assertEquals(List.of("node labels"), kubernetesWords("NODE_LABELS"));
    assertEquals(List.of("cluster", "pods"), kubernetesWords("clusterMaxPods"));
    assertEquals(List.of("ec2", "k8s"), kubernetesWords("ec2K8sLabel"));
    assertEquals(List.of(), kubernetesWords("ConfigNode"));
    assertEquals(List.of(), kubernetesWords("EksnodeException"));
  }

  /** The SPI's documentation, not only its names: every comment and string of its sources, and its pom. */
  @Test
  void spiSourcesNameNoKubernetesConcept() throws IOException {
    List<String> found = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> sources = Files.walk(Path.of("../spi/src/main"))) {
      files = new ArrayList<>(sources.filter(Files::isRegularFile).sorted().toList());
    }
    files.add(Path.of("../spi/pom.xml"));
    for (Path file : files) {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        List<String> words = new ArrayList<>();
        for (String token : lines.get(i).split("[^A-Za-z0-9_$]+")) {
          words.addAll(kubernetesWords(token));
        }
        if (!words.isEmpty()) {
          found.add(file + ":" + (i + 1) + ": " + String.join(", ", words) + ": " + lines.get(i).strip());
        }
      }
    }
    assertEquals(List.of(), found);
  }

  @Test
  void kernelDependsOnNoPluginAndNotOnTheCli() {
    KERNEL_KNOWS_NO_PLUGIN_AND_NO_CLI.check(EKSNODE);
  }

  @Test
  void pluginsDependOnTheSpiAndTheNodeApiAlone() {
    PLUGINS_DEPEND_ON_THE_SPI_AND_THE_NODE_API_ALONE.check(EKSNODE);
  }

  @Test
  void theKernelDoesNotSeeTheNodeApi() throws IOException {
    KERNEL_DOES_NOT_SEE_THE_NODE_API.check(EKSNODE);
    try (InputStream in = Files.newInputStream(Path.of("../kernel/target/classes/module-info.class"))) {
      Set<String> required = new TreeSet<>();
      ModuleDescriptor.read(in).requires().forEach(requirement -> required.add(requirement.name()));
      assertFalse(required.contains("dev.eksnode.node"), "the kernel's module requires " + required);
    }
  }

  @Test
  void exportedPackagesAreUsedOutsideTheirModule() {
    EXPORTED_PACKAGES_ARE_USED_OUTSIDE_THEIR_MODULE.check(WITH_USERS);
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
  void publishedTypesStateTheirStability() {
    PUBLISHED_TYPES_STATE_THEIR_STABILITY.check(WITH_KIT);
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

  /** The packages every published module exports to everyone, from its compiled module descriptor. */
  private static Set<String> exportedPackages() {
    Set<String> packages = new TreeSet<>();
    for (Path module : PUBLISHED_MODULES) {
      Path descriptor = module.resolve("target/classes/module-info.class");
      try (InputStream in = Files.newInputStream(descriptor)) {
        ModuleDescriptor.read(in).exports().stream().filter(export -> !export.isQualified())
            .forEach(export -> packages.add(export.source()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + descriptor.toAbsolutePath() + "; build the reactor", e);
      }
    }
    return packages;
  }

  /** {@code target/classes} of every module, relative to this module's directory. */
  private static Path[] moduleClasses() {
    List<Path> paths = new ArrayList<>(List.of(
        Path.of("../spi/target/classes"), Path.of("../node-api/target/classes"), Path.of("../kernel/target/classes")));
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

  /** Every module's main classes, the kit's, and the test classes of the modules with users of published packages. */
  private static Path[] withUsers() {
    List<Path> paths = new ArrayList<>(Arrays.asList(moduleClasses()));
    paths.add(Path.of("../tck/kit/target/classes"));
    // Not this module's test classes: the rogue fixtures are among them.
    List<Path> modules = new ArrayList<>(List.of(Path.of("../spi"), Path.of("../node-api"), Path.of("../kernel"),
        Path.of("../tck/kit")));
    try (Stream<Path> plugins = Files.list(Path.of("../plugins"))) {
      plugins.filter(Files::isDirectory).sorted().forEach(modules::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    modules.stream().map(module -> module.resolve("target/test-classes")).filter(Files::isDirectory).forEach(paths::add);
    return paths.toArray(Path[]::new);
  }

  private static Path[] concat(Path[] paths, Path more) {
    Path[] all = Arrays.copyOf(paths, paths.length + 1);
    all[paths.length] = more;
    return all;
  }
}
