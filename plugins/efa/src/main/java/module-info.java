/** The efa plugin. Exports nothing; provides its plugin to the kernel. */
module dev.eksnode.plugins.efa {
  requires dev.eksnode.spi;
  requires dev.eksnode.node;

  provides dev.eksnode.spi.Plugin with
      dev.eksnode.plugins.efa.EfaPlugin;
}
