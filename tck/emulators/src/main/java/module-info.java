/** Loopback stand-ins for the AWS endpoints a node talks to: instance metadata (and EC2 for fallbacks). */
module dev.eksnode.emulators {
  requires jdk.httpserver;
  requires com.fasterxml.jackson.databind;

  exports dev.eksnode.tck.emulator;
}
