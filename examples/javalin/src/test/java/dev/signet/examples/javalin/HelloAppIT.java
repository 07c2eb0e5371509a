package dev.signet.examples.javalin;

import dev.signet.examples.testing.AppProcess;
import dev.signet.examples.testing.HelloApiContract;
import java.nio.file.Path;

/** The packaged example ({@code target/app.jar} and {@code target/lib}) started as its README says, against a test issuer. */
class HelloAppIT extends HelloApiContract {
  @Override
  protected AppProcess start(String issuer) {
    return AppProcess.start(Path.of(System.getProperty("signet.example.jar", "target/app.jar")), START_LIMIT, "--port", "0", "--issuer", issuer);
  }
}
