package dev.signet.examples.spring;

import dev.signet.examples.testing.AppProcess;
import dev.signet.examples.testing.HelloApiContract;
import java.nio.file.Path;

/** The packaged example ({@code target/app.jar}) started as its README says, against a test issuer. */
class HelloApplicationIT extends HelloApiContract {
  @Override
  protected AppProcess start(String issuer) {
    return AppProcess.start(Path.of(System.getProperty("signet.example.jar", "target/app.jar")), START_LIMIT,
        "--server.port=0", "--signet.issuer=" + issuer);
  }
}
