package dev.eksnode.spi;

/** A systemd action on a unit. {@link #DAEMON_RELOAD} ignores the unit name. Stable API. */
public enum ServiceAction {
  DAEMON_RELOAD("daemon-reload"),
  ENABLE("enable"),
  DISABLE("disable"),
  START("start"),
  RESTART("restart"),
  STOP("stop");

  private final String verb;

  ServiceAction(String verb) {
    this.verb = verb;
  }

  /** The {@code systemctl} verb. */
  public String verb() {
    return verb;
  }
}
