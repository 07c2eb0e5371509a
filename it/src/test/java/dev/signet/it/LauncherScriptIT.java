package dev.signet.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.it.Subprocess.Completed;
import java.io.IOException;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./signet} launcher's own logic (SPEC §1), run as a user runs it, in a copy of the
 * repository layout: the real launcher script and the real distribution (jar and {@code lib/}), with a stand-in
 * {@code mvnw} that records how it was called (so a "build" takes no time) and stand-in JDKs. That
 * the real build works under the launcher is {@link LauncherIT}'s part.
 *
 * <p>Not covered here: "no JDK 21+ anywhere", since this machine has one under
 * {@code /usr/lib/jvm}, which the launcher always searches.
 */
class LauncherScriptIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String BUILDING = "signet: building… (first run or sources changed; this takes a minute)";

  @TempDir Path repo;
  Path jar;
  Path realJar;
  Path source;
  Path calls;
  Path javaCalls;
  Path wrappedJdk;
  Path oldJdk;
  Path jdk21;

  @BeforeEach
  void copyRepositoryLayout() throws IOException {
    Path launcher = Path.of("..", "signet").toAbsolutePath().normalize();
    realJar = Path.of(System.getProperty("signet.distribution", "../dist/target/signet.jar")).toAbsolutePath();
    Files.copy(launcher, repo.resolve("signet"));
    executable(repo.resolve("signet"));
    Files.writeString(repo.resolve("pom.xml"), "<project/>\n");
    source = repo.resolve("cli/src/main/java/Example.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "class Example {}\n");
    jar = repo.resolve("dist/target/signet.jar");
    Files.createDirectories(jar.getParent());
    Files.copy(realJar, jar);
    Files.createSymbolicLink(jar.resolveSibling("lib"), realJar.resolveSibling("lib")); // the jar's Class-Path
    Instant past = Instant.now().minus(Duration.ofHours(1));
    Files.setLastModifiedTime(source, FileTime.from(past));
    Files.setLastModifiedTime(repo.resolve("pom.xml"), FileTime.from(past));

    calls = repo.resolve("mvnw.calls");
    script(repo.resolve("mvnw"), """
        echo "$JAVA_HOME|$*" >> "%s"
        if [ "${FAKE_BUILD_FAILS:-}" = 1 ]; then echo "[ERROR] BUILD FAILURE in cli"; exit 1; fi
        if [ -n "${FAKE_EDIT_DURING_BUILD:-}" ]; then sleep 1; touch "$FAKE_EDIT_DURING_BUILD"; fi
        [ -f dist/target/signet.jar ] || cp "%s" dist/target/signet.jar  # like Maven: an up-to-date jar is left as it is
        """.formatted(calls, realJar));

    String realJava = ProcessHandle.current().info().command().orElseThrow();
    javaCalls = repo.resolve("java.calls");
    wrappedJdk = repo.resolve("jdk-wrapped");
    script(wrappedJdk.resolve("bin/java"), """
        echo "$*" >> "%s"
        [ -z "${SIGNET_LAUNCHER:-}" ] || echo "SIGNET_LAUNCHER=$SIGNET_LAUNCHER" >> "%s.env"
        exec "%s" "$@"
        """.formatted(javaCalls, javaCalls, realJava));
    jdk21 = repo.resolve("jdk-21");
    script(jdk21.resolve("bin/java"), """
        if [ "$1" = -XshowSettings:properties ]; then echo "    java.specification.version = 21" >&2; exit 0; fi
        echo "$*" >> "%s"
        exec "%s" "$@"
        """.formatted(javaCalls, realJava));
    oldJdk = repo.resolve("jdk-17");
    script(oldJdk.resolve("bin/java"), """
        if [ "$1" = -XshowSettings:properties ]; then echo "    java.specification.version = 17" >&2; exit 0; fi
        echo "the JDK 17 stand-in ran" >&2; exit 3
        """);
  }

  @Test
  void run_freshDistribution_runsItWithJavaHomeAndBuildsNothing() throws IOException {
    Completed run = signet(Map.of("JAVA_HOME", wrappedJdk.toString()), "--version");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stdout()).isNotBlank();
    assertThat(run.stderr()).doesNotContain("building");
    assertThat(calls).doesNotExist();
    assertThat(Files.readString(javaCalls)).contains("-jar " + jar + " --version");
  }

  @Test
  void run_javaHomeOlderThan21_skippedForANewerJdk() {
    Completed run = signet(Map.of("JAVA_HOME", oldJdk.toString(), "PATH", oldJdk.resolve("bin") + ":/usr/bin:/bin"), "--version");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stderr()).doesNotContain("stand-in ran");
  }

  @Test
  void run_sourceNewerThanJar_saysBuildingThenBuildsWithTheChosenJdkAndRuns() throws IOException {
    jarOlderThanSources();

    Completed run = signet(Map.of("JAVA_HOME", wrappedJdk.toString()), "--version");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stderr().lines()).contains(BUILDING);
    assertThat(Files.readAllLines(calls)).containsExactly(wrappedJdk + "|-B -q package -Dmaven.test.skip=true -pl dist -am");
  }

  @Test
  void run_afterABuildThatLeftTheJarAsItWas_doesNotBuildAgain() throws IOException {
    jarOlderThanSources(); // a change in another module: Maven rebuilds that one and leaves signet.jar alone
    signet(Map.of("JAVA_HOME", wrappedJdk.toString()), "--version");

    Completed second = signet(Map.of("JAVA_HOME", wrappedJdk.toString()), "--version");

    assertThat(second.exitCode()).as(second.describe()).isZero();
    assertThat(second.stderr()).doesNotContain("building");
    assertThat(Files.readAllLines(calls)).hasSize(1);
  }

  @Test
  void run_sourceSavedWhileBuilding_buildsAgainNextTime() throws IOException {
    jarOlderThanSources();
    signet(Map.of("JAVA_HOME", wrappedJdk.toString(), "FAKE_EDIT_DURING_BUILD", source.toString()), "--version");

    Completed next = signet(Map.of("JAVA_HOME", wrappedJdk.toString()), "--version");

    assertThat(next.stderr().lines()).contains(BUILDING);
    assertThat(Files.readAllLines(calls)).hasSize(2);
  }

  @Test
  void run_pomNewerOrJarMissing_builds() throws IOException {
    Files.setLastModifiedTime(source, FileTime.from(Instant.now().minus(Duration.ofHours(3))));
    jarOlderThanSources(); // only pom.xml (an hour old) is newer than the jar now
    assertThat(signet(Map.of("JAVA_HOME", wrappedJdk.toString()), "--version").stderr().lines()).contains(BUILDING);

    Files.delete(jar);
    Completed run = signet(Map.of("JAVA_HOME", wrappedJdk.toString()), "--version");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stderr().lines()).contains(BUILDING);
    assertThat(Files.readAllLines(calls)).hasSize(2);
  }

  @Test
  void run_buildFails_showsTheBuildOutputAndExits1() throws IOException {
    jarOlderThanSources();

    Completed run = signet(Map.of("JAVA_HOME", wrappedJdk.toString(), "FAKE_BUILD_FAILS", "1"), "--version");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    assertThat(run.stderr().lines()).containsSubsequence(BUILDING, "[ERROR] BUILD FAILURE in cli", "signet: build failed (output above)");
    assertThat(Files.readString(javaCalls)).as("only the version probe ran").doesNotContain("-jar");
  }

  @Test
  void run_arguments_passedThroughUnchangedWithTheExitCode() {
    Completed run = signet(Map.of("JAVA_HOME", wrappedJdk.toString()), "token", "sign", "--key", "k.pem", "--principal", "a b", "--frob");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
    assertThat(run.stderr()).isEqualTo("signet: unknown option '--frob' (see 'signet token sign --help')\n");
  }

  @Test
  void run_clientCommand_shortLivedJvmFlagsThenJavaOptsThenSignetJavaOpts() throws IOException { // gh-18
    Completed run = signet(Map.of("JAVA_HOME", wrappedJdk.toString(), "JAVA_OPTS", "-Dfrom=java-opts -Xss2m",
        "SIGNET_JAVA_OPTS", "-Dfrom=signet-java-opts"), "--version");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(lastJavaCall()).contains("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Dfrom=java-opts -Xss2m "
        + "-Dfrom=signet-java-opts -jar " + jar + " --version");
  }

  @Test
  void run_server_boundedHeapThenTheUsersOptions() throws IOException { // gh-18: server memory, overridden through SIGNET_JAVA_OPTS
    Completed run = signet(Map.of("JAVA_HOME", wrappedJdk.toString(), "SIGNET_JAVA_OPTS", "-Xmx300m"), "server", "--help");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(lastJavaCall()).startsWith("--enable-native-access=ALL-UNNAMED ") // then the Unsafe flag on JDK 23+
        .endsWith(" -XX:+UseSerialGC -Xms64m -Xmx112m -XX:ReservedCodeCacheSize=96m -Xmx300m -jar " + jar + " server --help")
        .doesNotContain("TieredStopAtLevel");
  }

  @Test
  void run_gateway_fullJitAndG1ThenTheUsersOptions() throws IOException { // issue 16: a long-running proxy, not a client command
    Completed run = signet(Map.of("JAVA_HOME", wrappedJdk.toString(), "SIGNET_JAVA_OPTS", "-Xmx1g"), "gateway", "--help");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(lastJavaCall()).endsWith(" -XX:+UseG1GC -Xms64m -Xmx512m -XX:-UsePerfData -Xmx1g -jar " + jar + " gateway --help")
        .doesNotContain("TieredStopAtLevel").doesNotContain("AOTCache");
  }

  @Test
  void run_anyCommand_exportsHowTheLauncherWasInvoked() throws IOException { // gh-19: enroll's try line starts with it
    Completed run = signet(Map.of("JAVA_HOME", wrappedJdk.toString()), "--version");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(Files.readString(Path.of(javaCalls + ".env"))).isEqualTo("SIGNET_LAUNCHER=" + repo.resolve("signet") + "\n");
  }

  @Test
  void run_twice_theJdkIsAskedItsVersionOnceUntilJavaHomeChanges() throws IOException { // gh-18
    signet(Map.of("JAVA_HOME", wrappedJdk.toString()), "--version");
    signet(Map.of("JAVA_HOME", wrappedJdk.toString()), "--version");
    long probes = Files.readAllLines(javaCalls).stream().filter(l -> l.startsWith("-XshowSettings")).count();
    signet(Map.of("JAVA_HOME", wrappedJdk.toString(), "PATH", "/bin:/usr/bin"), "--version");

    assertThat(probes).isEqualTo(1);
    assertThat(Files.readAllLines(javaCalls).stream().filter(l -> l.startsWith("-XshowSettings")).count()).isEqualTo(2);
  }

  @Test
  void run_jdk21To24_clientCommandWritesAndThenUsesACdsArchive() throws IOException { // gh-18: JDK 25's AOT cache is LauncherIT's
    Map<String, String> env = Map.of("JAVA_HOME", jdk21.toString(), "SIGNET_AOT_CACHE", "on");
    Completed first = signet(env, "--version");
    Completed second = signet(env, "--version");

    assertThat(first.exitCode()).as(first.describe()).isZero();
    assertThat(second.exitCode()).as(second.describe()).isZero();
    assertThat(second.stdout()).isEqualTo(first.stdout());
    assertThat(first.stderr() + second.stderr()).isEmpty();
    Path archive = repo.resolve("dist/target/launcher/aot/root-" + jdk21.resolve("bin/java").toString().replaceAll("[^A-Za-z0-9]", "_") + ".jsa");
    assertThat(archive).isRegularFile();
    assertThat(lastJavaCall()).contains("-XX:SharedArchiveFile=" + archive + " -XX:+AutoCreateSharedArchive -Xlog:cds*=off -jar");
  }

  private String lastJavaCall() throws IOException {
    List<String> lines = Files.readAllLines(javaCalls);
    return lines.getLast();
  }

  /** The jar built before the last source change (sources are an hour old; the jar becomes two). */
  private void jarOlderThanSources() throws IOException {
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
  }

  private Completed signet(Map<String, String> environment, String... args) {
    Map<String, String> env = new HashMap<>(environment);
    env.putIfAbsent("PATH", "/usr/bin:/bin");
    env.putIfAbsent("SIGNET_AOT_CACHE", "off"); // LauncherIT trains real caches; here a run would train one each time
    List<String> command = new ArrayList<>();
    command.add(repo.resolve("signet").toString());
    command.addAll(List.of(args));
    return Subprocess.run(command, repo, "", TIMEOUT, env);
  }

  private static void script(Path file, String body) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n" + body);
    executable(file);
  }

  private static void executable(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
