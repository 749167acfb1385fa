package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

/** A systemd action on a unit. {@link #DAEMON_RELOAD} ignores the unit name. */
@API(status = STABLE, since = "0.1.0")
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
