/**
 * The node API: what plugins of an EKS node share beyond the generic contract of {@code
 * dev.eksnode.spi}. Depends on the SPI and the JDK alone; the kernel never reads it.
 */
module dev.eksnode.node {
  requires transitive dev.eksnode.spi;

  exports dev.eksnode.node;
  exports dev.eksnode.node.text;
}
