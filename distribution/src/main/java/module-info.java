/** The eksnode command line. */
module dev.eksnode.cli {
  requires dev.eksnode.kernel;
  requires org.slf4j;
}
