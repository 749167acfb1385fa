/** The nfd-labels plugin. Exports nothing; provides its plugin to the kernel. */
module dev.eksnode.plugins.nfdlabels {
  requires dev.eksnode.spi;

  provides dev.eksnode.spi.Plugin with
      dev.eksnode.plugins.nfdlabels.NfdLabelsPlugin;
}
