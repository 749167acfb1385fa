package dev.eksnode.kernel;

import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.Set;

/**
 * A step declared in a test: an id, a phase, its ordering and data flow, and what it does (by default nothing, then
 * {@link Outcome#done()}). Equality is identity, as the kernel expects of steps.
 */
final class TestStep implements Step {

  /** What a test step does when it runs. */
  @FunctionalInterface
  interface Action {
    Outcome apply(StepContext context) throws Exception;
  }

  private final String id;
  private final Phase phase;
  private Set<String> requires = Set.of();
  private Set<String> after = Set.of();
  private Set<String> before = Set.of();
  private Set<FactKey<?>> reads = Set.of();
  private Set<FactKey<?>> readsIfPresent = Set.of();
  private Set<FactKey<?>> publishes = Set.of();
  private Set<DocumentKey<?>> contributesTo = Set.of();
  private Set<DocumentKey<?>> renders = Set.of();
  private Action action = context -> Outcome.done();

  private TestStep(String id, Phase phase) {
    this.id = id;
    this.phase = phase;
  }

  static TestStep boot(String id) {
    return new TestStep(id, Phase.BOOT);
  }

  static TestStep image(String id) {
    return new TestStep(id, Phase.IMAGE);
  }

  TestStep requires(String... ids) {
    requires = Set.of(ids);
    return this;
  }

  TestStep after(String... ids) {
    after = Set.of(ids);
    return this;
  }

  TestStep before(String... ids) {
    before = Set.of(ids);
    return this;
  }

  TestStep reads(FactKey<?>... facts) {
    reads = Set.of(facts);
    return this;
  }

  TestStep readsIfPresent(FactKey<?>... facts) {
    readsIfPresent = Set.of(facts);
    return this;
  }

  TestStep publishes(FactKey<?>... facts) {
    publishes = Set.of(facts);
    return this;
  }

  TestStep contributesTo(DocumentKey<?>... documents) {
    contributesTo = Set.of(documents);
    return this;
  }

  TestStep renders(DocumentKey<?>... documents) {
    renders = Set.of(documents);
    return this;
  }

  TestStep does(Action action) {
    this.action = action;
    return this;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Phase phase() {
    return phase;
  }

  @Override
  public Set<String> requires() {
    return requires;
  }

  @Override
  public Set<String> after() {
    return after;
  }

  @Override
  public Set<String> before() {
    return before;
  }

  @Override
  public Set<FactKey<?>> reads() {
    return reads;
  }

  @Override
  public Set<FactKey<?>> readsIfPresent() {
    return readsIfPresent;
  }

  @Override
  public Set<FactKey<?>> publishes() {
    return publishes;
  }

  @Override
  public Set<DocumentKey<?>> contributesTo() {
    return contributesTo;
  }

  @Override
  public Set<DocumentKey<?>> renders() {
    return renders;
  }

  @Override
  public Outcome apply(StepContext context) throws Exception {
    return action.apply(context);
  }

  @Override
  public String toString() {
    return id;
  }
}
