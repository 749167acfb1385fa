/** The core node join. Exports nothing; provides its plugin to the kernel. */
module dev.eksnode.plugins.core {
  requires dev.eksnode.spi;
  requires dev.eksnode.node;
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
  requires software.amazon.awssdk.utils;

  provides dev.eksnode.spi.Plugin with
      dev.eksnode.plugins.core.CorePlugin;
}
