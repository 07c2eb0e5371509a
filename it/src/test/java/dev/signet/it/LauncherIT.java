package dev.signet.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.it.Subprocess.Completed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./signet} launcher and {@code ./mvnw}, for real, on a copy of this repository without
 * any build output (gh-12: a newcomer's first {@code ./signet} failed where {@code ./mvnw verify}
 * had worked). Both orders, with {@code JAVA_HOME} unset, set to a JDK 17 and set to the JDK 21+
 * that runs these tests: Maven then runs on 17 (and compiles with a JDK 21+ toolchain) or on 21+.
 *
 * <p>One copy for the class and the steps in order, so that there is one full build (the first
 * step, as a newcomer runs it, which also makes the start-up cache); the later steps change a
 * source of {@code dist} and build again, which compiles that module (Error Prone included) under
 * each arrangement, and the last one follows the README's quickstart through the launcher. Maven runs offline
 * ({@code MAVEN_ARGS=-o}) on the machine's {@code ~/.m2}, which the build running these tests has
 * filled, and builds what the launcher builds ({@code package -Dmaven.test.skip=true -pl dist -am}):
 * the tests' own compilation is what {@code ./mvnw verify} around this test already does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class LauncherIT {
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);
  private static final String BUILDING = "signet: building… (first run or sources changed; this takes a minute)";
  private static final String PREPARING = "signet: preparing a start-up cache for these commands (once per build and JDK, a few seconds)…";
  private static final List<String> MVNW = List.of("./mvnw", "-q", "package", "-Dmaven.test.skip=true", "-pl", "dist", "-am");

  @TempDir static Path temp;
  Path repo;
  Path jdk17;
  Path jdkNew;

  @BeforeAll
  void copyRepository() throws IOException {
    repo = RepositoryCopy.into(Files.createDirectory(temp.resolve("signet")));
    jdk17 = jdk(17).orElseThrow(() -> Ci.unavailable("no JDK 17 under /usr/lib/jvm (apt-get install openjdk-17-jdk-headless)"));
    jdkNew = Path.of(System.getProperty("java.home"));
    assertThat(Runtime.version().feature()).as("the tests run on the JDK 21+ toolchain").isGreaterThanOrEqualTo(21);
  }

  @Test
  @Order(1)
  void signet_freshCloneJavaHomeUnset_buildsThenRuns() {
    Completed run = signet(null, "--version");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stderr().lines()).as(run.describe()).contains(BUILDING, PREPARING);
    assertThat(run.stdout()).startsWith("signet ");
    assertThat(repo.resolve("dist/target/signet.jar")).isRegularFile();
  }

  @Test
  @Order(2)
  void signet_afterTheFirstBuild_startsFromItsAotCacheAndSaysNothingMore() throws IOException {
    Completed run = signet(null, "--version");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stderr()).as(run.describe()).isEmpty();
    try (Stream<Path> caches = Files.list(repo.resolve("dist/target/launcher/aot"))) {
      assertThat(caches.map(p -> p.getFileName().toString())).anyMatch(name -> name.endsWith(".aot"));
    }
  }

  @Test
  @Order(3)
  void signet_aotCacheDamaged_runsAsIfThereWereNone() throws IOException {
    try (Stream<Path> caches = Files.list(repo.resolve("dist/target/launcher/aot"))) {
      for (Path cache : caches.filter(p -> p.toString().endsWith(".aot")).toList()) {
        Files.writeString(cache, "not an AOT cache");
      }
    }

    Completed run = signet(null, "--version");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stdout()).startsWith("signet ").doesNotContain("[aot]").doesNotContain("[cds]");
    assertThat(run.stderr()).as(run.describe()).isEmpty();
  }

  @Test
  @Order(4)
  void mvnw_mavenOnJdk17_buildsWhatTheLauncherThenRunsWithoutBuilding() {
    sourceChanged();

    Completed build = mvnw(jdk17);
    Completed run = signet(jdk17, "--version");

    assertThat(build.exitCode()).as(build.describe()).isZero();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stderr()).as(run.describe()).doesNotContain("building");
  }

  @Test
  @Order(5)
  void mvnw_mavenOnJdk21Plus_buildsWhatTheLauncherThenRunsWithoutBuilding() {
    sourceChanged();

    Completed build = mvnw(jdkNew);
    Completed run = signet(jdkNew, "--version");

    assertThat(build.exitCode()).as(build.describe()).isZero();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stderr()).as(run.describe()).doesNotContain("building");
  }

  @Test
  @Order(6)
  void signet_javaHome17AfterASourceChange_buildsWithANewerJdkThenRuns() {
    sourceChanged();

    Completed run = signet(jdk17, "--version");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stderr().lines()).as(run.describe()).contains(BUILDING);
    assertThat(run.stdout()).doesNotContain("Java 17");
  }

  /** The README's quickstart as a newcomer types it (gh-19): the server, enroll, and the line enroll says to try. */
  @Test
  @Order(7)
  void quickstart_enrollThenTheTryLine_reachesWhoamiAndLeavesNoKeyInTheRepository() throws IOException {
    Map<String, String> serverEnvironment = new HashMap<>(environment(jdkNew));
    serverEnvironment.put("SIGNET_JAVA_OPTS", "-Xmx256m"); // gh-18: the server's memory; the launcher's variables never reach its settings
    try (ServerProcess server = ServerProcess.start(List.of("./signet", "server", "--port", "0", "--data-dir", "signet-data"),
        repo, serverEnvironment)) {
      String code = server.adminCode().orElseThrow();

      Completed enroll = signet(jdkNew, "enroll", "--server", server.url().toString(), "--code", code, "--key", "admin.pem");

      assertThat(enroll.exitCode()).as(enroll.describe()).isZero();
      String tryLine = enroll.stdout().lines().filter(l -> l.startsWith("try ")).findFirst().orElseThrow().substring(3).strip();
      assertThat(tryLine).startsWith("./signet curl " + server.url() + "/whoami --key admin.pem --principal admin");
      Completed tried = Subprocess.runInCleanEnvironment(List.of("bash", "-c", tryLine), repo, "", BUILD_TIMEOUT, environment(jdkNew));
      assertThat(tried.exitCode()).as(tried.describe()).isZero();
      assertThat(tried.stdout()).contains("\"principal\":\"admin\"");
    }
    Path keys = temp.resolve("config/signet/keys");
    assertThat(Files.getPosixFilePermissions(keys)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(keys.resolve("admin.pem"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    try (Stream<Path> root = Files.list(repo)) {
      assertThat(root.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".pem") || name.endsWith(".pub"));
    }
  }

  @Test
  void gitignore_keyFilesAtTheRepositoryRoot_ignored() { // gh-19: 'git add .' committed admin.pem
    Path source = RepositoryCopy.repository();
    if (!Files.exists(source.resolve(".git"))) {
      throw Ci.unavailable("the repository has no .git to ask");
    }

    Completed ignored = Subprocess.run(List.of("git", "check-ignore", "--no-index", "admin.pem", "admin.pem.pub", "x.pem"),
        source, "", Duration.ofSeconds(30));
    Completed fixture = Subprocess.run(List.of("git", "check-ignore", "--no-index", "-q", "it/src/test/resources/interop/keys/seed-rsa.pub.pem"),
        source, "", Duration.ofSeconds(30));

    assertThat(ignored.exitCode()).as(ignored.describe()).isZero();
    assertThat(ignored.stdout().lines()).containsExactly("admin.pem", "admin.pem.pub", "x.pem");
    assertThat(fixture.exitCode()).as("test keys stay tracked: " + fixture.describe()).isEqualTo(1);
  }

  /** A save in an editor: the distribution's main class is newer than the jar. */
  private void sourceChanged() {
    try {
      Files.setLastModifiedTime(repo.resolve("dist/src/main/java/dev/signet/dist/Main.java"), FileTime.from(Instant.now()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Completed signet(Path javaHome, String... args) {
    List<String> command = new ArrayList<>(List.of("./signet"));
    command.addAll(List.of(args));
    return Subprocess.runInCleanEnvironment(command, repo, "", BUILD_TIMEOUT, environment(javaHome));
  }

  private Completed mvnw(Path javaHome) {
    return Subprocess.runInCleanEnvironment(MVNW, repo, "", BUILD_TIMEOUT, environment(javaHome));
  }

  /** A user's shell: the system's java (17 here) on PATH, JAVA_HOME as given; Maven offline. */
  private Map<String, String> environment(Path javaHome) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("HOME", System.getProperty("user.home"));
    env.put("LANG", "C.UTF-8");
    env.put("MAVEN_ARGS", "-o -B");
    env.put("XDG_CONFIG_HOME", temp.resolve("config").toString());
    if (javaHome != null) {
      env.put("JAVA_HOME", javaHome.toString());
      env.put("SIGNET_AOT_CACHE", "off"); // the cache is the first steps' subject; each later build would train anew
    }
    return env;
  }

  /** A JDK of that feature version under /usr/lib/jvm, by its release file. */
  static Optional<Path> jdk(int feature) {
    try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
      return homes.filter(home -> Files.isExecutable(home.resolve("bin/javac")))
          .filter(home -> release(home).startsWith("JAVA_VERSION=\"" + feature + "."))
          .sorted()
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String release(Path home) {
    try (Stream<String> lines = Files.lines(home.resolve("release"))) {
      return lines.filter(l -> l.startsWith("JAVA_VERSION=")).findFirst().orElse("");
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
  }
}
