package dev.eksnode.cli.info;

/** The eksnode release this launcher belongs to. */
final class Version {
  static final String EKSNODE = "0.1.0-SNAPSHOT";

  private Version() {}
}
