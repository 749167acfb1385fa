/** Loads plugins, orders their steps, runs them and reports. Knows nothing about Kubernetes. */
module dev.eksnode.kernel {
  requires transitive dev.eksnode.spi;
  requires org.pf4j;
  requires org.slf4j;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.yaml.snakeyaml;
  requires org.tomlj;

  exports dev.eksnode.kernel;
  exports dev.eksnode.kernel.config;

  opens dev.eksnode.kernel to com.fasterxml.jackson.databind;

  uses dev.eksnode.spi.Plugin;
}
