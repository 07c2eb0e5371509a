package dev.signet.dist;

import dev.signet.cli.Host;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/**
 * The training run of one of the launcher's start-up caches (a JDK 25+ AOT cache, JEP 483/514/515):
 * the commands of one group ({@code keygen}, {@code token}, {@code enroll}, {@code curl},
 * {@code admin}, {@code server} (see {@link ServerTraining}), or {@code root}: help, version, errors), so that the classes they load are in
 * that group's cache. Keys go to a scratch directory; nothing is printed and nothing leaves the
 * machine (the HTTP commands go to a closed loopback port). Not a user command: the launcher runs
 * it with {@code -XX:AOTCacheOutput}.
 */
public final class AotTraining {
  private static final String NOWHERE = "http://127.0.0.1:1";

  private AotTraining() {}

  /** {@code AotTraining SCRATCH_DIR GROUP}. */
  public static void main(String[] args) throws IOException, InterruptedException {
    Path scratch = Files.createDirectories(Path.of(args[0]));
    String group = args.length > 1 ? args[1] : "root";
    Host host = new Host(InputStream.nullInputStream(), Map.of("XDG_CONFIG_HOME", scratch.toString()), Clock.systemUTC());
    String key = scratch.resolve("training.pem").toString();
    if (!group.equals("root") && !group.equals("keygen")) {
      run(host, "keygen", "--out", key);
    }
    switch (group) {
      case "keygen" -> {
        run(host, "keygen", "--out", key);
        run(host, "keygen", "--help");
      }
      case "token" -> {
        String token = run(host, "token", "sign", "--key", key, "--principal", "training").strip();
        run(host, "token", "verify", token, "--key", key + ".pub", "--explain");
        run(host, "token", "decode", token);
        run(host, "token", "sign", "--help");
        run(host, "token", "sign", "--key", key, "--principal");
      }
      case "enroll" -> {
        run(host, "enroll", "--server", NOWHERE, "--code", "training", "--key", scratch.resolve("enrolled.pem").toString());
        run(host, "enroll", "--help");
      }
      case "curl" -> {
        run(host, "curl", NOWHERE + "/whoami", "--key", key, "--principal", "training", "-d", "x=1");
        run(host, "curl", "--help");
      }
      case "server" -> ServerTraining.run(scratch, a -> run(host, a));
      case "admin" -> {
        run(host, "admin", "--server", NOWHERE, "--key", key, "principals", "list");
        run(host, "admin", "keys", "--help");
      }
      default -> {
        run(host, "--help");
        run(host, "--version");
        run(host, "servr");
      }
    }
  }

  /** One command, as {@link Main} runs it; its standard output, for the next. */
  private static String run(Host host, String... args) {
    CommandLine signet = Main.commandLine(host, args);
    StringWriter out = new StringWriter();
    signet.setOut(new PrintWriter(out));
    signet.setErr(new PrintWriter(Writer.nullWriter()));
    signet.execute(args);
    return out.toString();
  }
}
