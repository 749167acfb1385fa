/** The plugin contract: what a plugin provides and everything a step may touch. Depends on the JDK alone. */
module dev.eksnode.spi {
  exports dev.eksnode.spi;
}
