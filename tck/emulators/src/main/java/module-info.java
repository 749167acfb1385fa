/** Loopback stand-ins for the AWS endpoints a node talks to (instance metadata, EC2) and realistic node roots. */
module dev.eksnode.emulators {
  requires jdk.httpserver;
  requires com.fasterxml.jackson.databind;

  exports dev.eksnode.tck.emulator;
}
