package dev.signet.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where settings come from: flags over {@code SIGNET_*} variables over the YAML file, each named in
 * errors the way the operator wrote it; names no setting has are refused with the likely one.
 */
class SettingsTest {
  @TempDir Path dir;

  @Test
  void from_sameSettingInAllThreeSources_flagThenVariableThenFile() throws IOException {
    Path yaml = yaml("port: 1111\nhost: 10.0.0.1\ndata-dir: /from/yaml\n");

    ServerConfig config = ServerConfig.from(Settings.from(
        Map.of("config", yaml.toString(), "port", "3333"),
        Map.of("SIGNET_PORT", "2222", "SIGNET_HOST", "10.0.0.2")));

    assertThat(config.port()).isEqualTo(3333);
    assertThat(config.host()).isEqualTo("10.0.0.2");
    assertThat(config.dataDir()).isEqualTo(Path.of("/from/yaml"));
  }

  @Test
  void from_configFileFromVariableOrFlag_flagWins() throws IOException {
    Path fromVariable = yaml("port: 1111\n");
    Path fromFlag = Files.writeString(dir.resolve("other.yaml"), "port: 2222\n");

    assertThat(ServerConfig.from(Settings.from(Map.of(), Map.of("SIGNET_CONFIG", fromVariable.toString()))).port()).isEqualTo(1111);
    assertThat(ServerConfig.from(Settings.from(Map.of("config", fromFlag.toString()),
        Map.of("SIGNET_CONFIG", fromVariable.toString()))).port()).isEqualTo(2222);
  }

  @Test
  void describe_eachSource_namesItTheWayTheOperatorWroteIt() throws IOException {
    Path yaml = yaml("# settings\nhost: 10.0.0.1\n");

    Settings settings = Settings.from(Map.of("config", yaml.toString(), "port", "1"), Map.of("SIGNET_DATA_DIR", "/d"));

    assertThat(settings.describe("port")).isEqualTo("--port");
    assertThat(settings.describe("data-dir")).isEqualTo("SIGNET_DATA_DIR");
    assertThat(settings.describe("host")).isEqualTo("host in " + yaml + " (line 2)");
    assertThat(settings.describe("redis")).isEqualTo("--redis");
  }

  @Test
  void from_otherVariables_ignored() {
    Settings settings = Settings.from(Map.of(), Map.of("SIGNET_TEST_PG_URL", "jdbc:postgresql://x/y", "HOME", "/root", "PORT", "1"));

    assertThat(settings.names()).isEmpty();
  }

  @Test
  void from_clientCommandsVariables_ignoredByTheServer() {
    ServerConfig config = ServerConfig.from(Settings.from(Map.of(), Map.of("SIGNET_KEY_PASSPHRASE", "s3cret", "SIGNET_SERVER_URL", "x")));

    assertThat(config.port()).isEqualTo(8080);
  }

  /** gh-19: data_dir: and --port: in the YAML file were silently accepted or ignored. */
  @Test
  void from_misspelledKeys_refusedWithTheRightSpelling() throws IOException {
    assertUnknown(yaml("port: 1\ndata_dir: /srv\n"), "unknown setting data_dir in " + dir.resolve("signet.yaml")
        + " (line 2): did you mean data-dir? (keys are spelled as the flags without their dashes: host, port, data-dir, ");
    assertUnknown(yaml("--port: 1\n"), "unknown setting --port in " + dir.resolve("signet.yaml") + " (line 1): did you mean port? ");
    assertUnknown(yaml("Log-Level: warn\n"), "unknown setting Log-Level in " + dir.resolve("signet.yaml") + " (line 1): did you mean log-level? ");
    assertUnknown(yaml("prot: 1\n"), "unknown setting prot in " + dir.resolve("signet.yaml") + " (line 1): did you mean port? ");
    assertUnknown(yaml("colour: blue\n"), "unknown setting colour in " + dir.resolve("signet.yaml") + " (line 1): (keys are spelled as ");
    assertThatThrownBy(() -> ServerConfig.from(Settings.from(Map.of("prot", "1"), Map.of())))
        .isInstanceOf(ConfigException.class).hasMessage("unknown setting --prot: did you mean --port? (see signet server --help)");
    assertThatThrownBy(() -> ServerConfig.from(Settings.from(Map.of("max_body_size", "2KiB"), Map.of())))
        .hasMessage("unknown setting --max_body_size: did you mean --max-body-size? (see signet server --help)");
    assertThatThrownBy(() -> ServerConfig.from(Settings.from(Map.of(), Map.of("SIGNET_PROT", "1"))))
        .hasMessage("unknown setting SIGNET_PROT: did you mean SIGNET_PORT? (see signet server --help)");
  }

  @Test
  void from_flagKeyWithItsDashes_sameSetting() {
    assertThat(Settings.from(Map.of("--key-cache-ttl", "1s"), Map.of()).get("key-cache-ttl")).contains("1s");
  }

  @Test
  void from_yamlThatIsNotAMappingOfSingleValues_refusedNamingTheFileAndLine() throws IOException {
    Path list = Files.writeString(dir.resolve("list.yaml"), "- port\n- host\n");
    Path nested = Files.writeString(dir.resolve("nested.yaml"), "port: 1\ntls:\n  cert: a.pem\n");
    Path twice = Files.writeString(dir.resolve("twice.yaml"), "port: 1\nhost: x\nport: 2\n");

    assertThatThrownBy(() -> Settings.from(Map.of("config", list.toString()), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessage("config file " + list + " must be a YAML mapping of settings (key: value lines)");
    assertThatThrownBy(() -> Settings.from(Map.of("config", nested.toString()), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessage("tls in " + nested + " (line 2) must be a single value or a list, not a mapping");
    assertThatThrownBy(() -> Settings.from(Map.of("config", twice.toString()), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessage("port appears twice in " + twice + " (lines 1 and 3)");
  }

  /** gh-19: a missing file said "cannot read config file X: X"; a syntax error dumped the parser's internals. */
  @Test
  void from_missingFileOrBadYaml_oneLineWithWhereAndWhat() throws IOException {
    Path missing = dir.resolve("missing.yaml");
    Path indented = Files.writeString(dir.resolve("indented.yaml"), "port: 8080\n  host: 0.0.0.0\n");
    Path quote = Files.writeString(dir.resolve("quote.yaml"), "port: 8080\nhost: '0.0.0.0\n");
    Path unclosed = Files.writeString(dir.resolve("unclosed.yaml"), "port: 8080\nrequire-binding: [htm, htu\n");

    assertThatThrownBy(() -> Settings.from(Map.of("config", missing.toString()), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessage("config file " + missing + ": no such file");
    assertThatThrownBy(() -> Settings.from(Map.of("config", dir.toString()), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessage("config file " + dir + " is a directory");
    assertThatThrownBy(() -> Settings.from(Map.of("config", indented.toString()), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config file " + indented + " is not valid YAML: line 2, column 7: mapping values are not allowed here");
    assertThatThrownBy(() -> Settings.from(Map.of("config", unclosed.toString()), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config file " + unclosed + " is not valid YAML: line 3, column 1: expected ',' or ']', but got <stream end>"
            + " (while parsing a flow sequence)");
    assertThatThrownBy(() -> Settings.from(Map.of("config", quote.toString()), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config file " + quote + " is not valid YAML: line 3, column 1: found unexpected end of stream"
            + " (while scanning a quoted scalar)");
  }

  @Test
  void from_yamlLists_takenAsTheFlagsTakeThem() throws IOException {
    Path yaml = yaml("require-binding: [htm, htu]\njwks-allow-private-hosts:\n  - keys.internal\n  - 10.0.0.7\n");

    ServerConfig config = ServerConfig.from(Settings.from(Map.of("config", yaml.toString()), Map.of()));

    assertThat(config.requireBinding()).containsExactlyInAnyOrder(dev.signet.Binding.HTM, dev.signet.Binding.HTU);
    assertThat(config.jwksAllowPrivateHosts()).containsExactly("keys.internal", "10.0.0.7");
  }

  @Test
  void from_emptyYaml_defaults() throws IOException {
    assertThat(ServerConfig.from(Settings.from(Map.of("config", yaml("").toString()), Map.of())).port()).isEqualTo(8080);
    assertThat(ServerConfig.from(Settings.from(Map.of("config", yaml("# nothing yet\n").toString()), Map.of())).port()).isEqualTo(8080);
  }

  private void assertUnknown(Path yaml, String messageStart) {
    assertThatThrownBy(() -> ServerConfig.from(Settings.from(Map.of("config", yaml.toString()), Map.of())))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith(messageStart);
  }

  private Path yaml(String text) throws IOException {
    return Files.writeString(dir.resolve("signet.yaml"), text);
  }
}
