/** The eksnode command line. */
module dev.eksnode.cli {
  requires dev.eksnode.kernel;
  requires org.slf4j;
  // eksnode demo: the loopback instance metadata emulator and the AL2023 base root.
  requires dev.eksnode.emulators;
}
