/** The instance-store plugin. Exports nothing; provides its plugin to the kernel. */
module dev.eksnode.plugins.instancestore {
  requires dev.eksnode.spi;
  requires dev.eksnode.node;
  requires org.slf4j;

  provides dev.eksnode.spi.Plugin with
      dev.eksnode.plugins.instancestore.InstanceStorePlugin;
}
