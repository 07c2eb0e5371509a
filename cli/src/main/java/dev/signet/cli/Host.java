package dev.signet.cli;

import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What commands take from the process around them: standard input, environment variables and the
 * clock. {@link #system()} in production; tests pass their own.
 */
public record Host(InputStream stdin, Map<String, String> env, Clock clock) {
  public Host {
    Objects.requireNonNull(stdin, "stdin");
    env = Map.copyOf(env);
    Objects.requireNonNull(clock, "clock");
  }

  public static Host system() {
    return new Host(System.in, System.getenv(), Clock.systemUTC());
  }

  public Optional<String> env(String name) {
    return Optional.ofNullable(env.get(name));
  }
}
