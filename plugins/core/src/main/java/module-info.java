/**
 * The core node join. Provides its plugin to the kernel and exports nothing to plugins.
 *
 * <p>One qualified export: the max-pods formulas and the built-in instance type table go to the CLI
 * alone, for {@code eksnode max-pods}, so the formulas live in one place. The CLI is built after this
 * module, hence the suppressed "module not found" warning.
 */
@SuppressWarnings("module")
module dev.eksnode.plugins.core {
  requires dev.eksnode.spi;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;
  requires software.amazon.awssdk.auth;
  requires software.amazon.awssdk.awscore;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.http;
  requires software.amazon.awssdk.http.urlconnection;
  requires software.amazon.awssdk.imds;
  requires software.amazon.awssdk.regions;
  requires software.amazon.awssdk.services.ec2;

  exports dev.eksnode.plugins.core.maxpods to
      dev.eksnode.cli;

  provides dev.eksnode.spi.Plugin with
      dev.eksnode.plugins.core.CorePlugin;
}
