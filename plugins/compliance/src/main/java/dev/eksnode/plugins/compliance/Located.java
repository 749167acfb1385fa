package dev.eksnode.plugins.compliance;

/**
 * A configured value and the file that set it, e.g. {@code 1} from {@code /etc/sysctl.d/60-x.conf}.
 *
 * @param value the value as written
 * @param file the node path of the file it came from
 */
record Located(String value, String file) {
  @Override
  public String toString() {
    return value + " (" + file + ")";
  }
}
