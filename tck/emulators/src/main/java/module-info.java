/** Loopback stand-ins for the AWS endpoints a node talks to (instance metadata, EC2) and base roots (the files of a node image) to run eksnode over. */
module dev.eksnode.emulators {
  requires jdk.httpserver;
  requires com.fasterxml.jackson.databind;

  exports dev.eksnode.tck.emulator;
}
