/** Compliance hardening (CIS, STIG, FIPS) and the compliance report. Exports nothing. */
module dev.eksnode.plugins.compliance {
  requires dev.eksnode.spi;
  requires dev.eksnode.node;
  requires org.tomlj;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  provides dev.eksnode.spi.Plugin with
      dev.eksnode.plugins.compliance.CompliancePlugin;
}
