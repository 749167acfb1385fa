package dev.eksnode.plugins.core.aws;

import dev.eksnode.spi.CommandResult;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.ServiceAction;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A host that only has an environment: what the AWS clients read. Anything else is a test bug. */
record EnvironmentHost(Map<String, String> environment) implements Host {

  @Override
  public Optional<String> env(String name) {
    return Optional.ofNullable(environment.get(name));
  }

  @Override
  public boolean live() {
    return false;
  }

  @Override
  public boolean exists(String path) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<byte[]> read(String path) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<String> readString(String path) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<String> list(String directory) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<Integer> mode(String path) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean write(String path, byte[] content, int mode) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean delete(String path) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean createDirectories(String path, int mode) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CommandResult run(List<String> command) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CommandResult probe(List<String> command) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void service(ServiceAction action, String unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Clock clock() {
    return Clock.systemUTC();
  }
}
