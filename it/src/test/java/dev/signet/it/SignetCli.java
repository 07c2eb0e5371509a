package dev.signet.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real distribution ({@code dist/target/signet.jar}, system property {@code signet.distribution})
 * started as a process with the JDK that runs the tests.
 */
final class SignetCli {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private SignetCli() {}

  static Subprocess.Completed run(Path directory, String stdin, String... arguments) {
    Path jar = Path.of(System.getProperty("signet.distribution", "../dist/target/signet.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build the distribution with ./mvnw -pl dist -am package");
    }
    String java = ProcessHandle.current().info().command()
        .orElseThrow(() -> new IllegalStateException("cannot tell which java runs this test"));
    // C1 only and the serial collector: a short-lived CLI starts faster on a busy 2-core machine
    List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString()));
    command.addAll(List.of(arguments));
    // bare --key names go to the keys directory: never the real one of whoever runs the tests
    return Subprocess.run(command, directory, stdin, TIMEOUT, Map.of("XDG_CONFIG_HOME", directory.resolve("config").toString()));
  }
}
