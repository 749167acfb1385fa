/** The soci plugin. Exports nothing; provides its plugin to the kernel. */
module dev.eksnode.plugins.soci {
  requires dev.eksnode.spi;
  requires dev.eksnode.node;

  provides dev.eksnode.spi.Plugin with
      dev.eksnode.plugins.soci.SociPlugin;
}
