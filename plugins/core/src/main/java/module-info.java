/** The core node join. Exports nothing; provides its plugin to the kernel. */
module dev.eksnode.plugins.core {
  requires dev.eksnode.spi;
  requires com.fasterxml.jackson.databind;

  provides dev.eksnode.spi.Plugin with
      dev.eksnode.plugins.core.CorePlugin;
}
