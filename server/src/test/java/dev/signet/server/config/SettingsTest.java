package dev.signet.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where settings come from: flags over {@code SIGNET_*} variables over the YAML file, each named in errors. */
class SettingsTest {
  @TempDir Path dir;

  @Test
  void from_sameSettingInAllThreeSources_flagThenVariableThenFile() throws IOException {
    Path yaml = yaml("port: 1111\nhost: 10.0.0.1\ndata_dir: /from/yaml\n");

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
  void from_flagNamesWithDashesOrUnderscores_sameSetting() {
    Settings settings = Settings.from(Map.of("--key-cache-ttl", "1s", "max_body_size", "2KiB"), Map.of());

    assertThat(settings.get("key-cache-ttl")).contains("1s");
    assertThat(settings.get("max-body-size")).contains("2KiB");
  }

  @Test
  void describe_eachSource_namesItTheWayTheOperatorWroteIt() throws IOException {
    Path yaml = yaml("host: 10.0.0.1\n");

    Settings settings = Settings.from(Map.of("config", yaml.toString(), "port", "1"), Map.of("SIGNET_DATA_DIR", "/d"));

    assertThat(settings.describe("port")).isEqualTo("--port");
    assertThat(settings.describe("data-dir")).isEqualTo("SIGNET_DATA_DIR");
    assertThat(settings.describe("host")).isEqualTo("host in " + yaml);
    assertThat(settings.describe("redis")).isEqualTo("--redis");
  }

  @Test
  void from_otherVariables_ignored() {
    Settings settings = Settings.from(Map.of(), Map.of("SIGNET_TEST_PG_URL", "jdbc:postgresql://x/y", "HOME", "/root", "PORT", "1"));

    assertThat(settings.names()).isEmpty();
  }

  @Test
  void from_unknownSettingInEachSource_refusedNamingIt() throws IOException {
    Path yaml = yaml("prot: 1\n");

    assertThatThrownBy(() -> ServerConfig.from(Settings.from(Map.of("prot", "1"), Map.of())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unknown setting --prot (known: host, port, data-dir, db, ");
    assertThatThrownBy(() -> ServerConfig.from(Settings.from(Map.of(), Map.of("SIGNET_PROT", "1"))))
        .hasMessageStartingWith("unknown setting SIGNET_PROT (known: ");
    assertThatThrownBy(() -> ServerConfig.from(Settings.from(Map.of("config", yaml.toString()), Map.of())))
        .hasMessageStartingWith("unknown setting prot in " + yaml + " (known: ");
  }

  @Test
  void from_yamlThatIsNotAMappingOfScalars_refusedNamingTheFile() throws IOException {
    Path list = Files.writeString(dir.resolve("list.yaml"), "- port\n- host\n");
    Path nested = Files.writeString(dir.resolve("nested.yaml"), "tls:\n  cert: a.pem\n");
    Path missing = dir.resolve("missing.yaml");

    assertThatThrownBy(() -> Settings.from(Map.of("config", list.toString()), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessage("config file " + list + " must be a YAML mapping of settings");
    assertThatThrownBy(() -> Settings.from(Map.of("config", nested.toString()), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessage("setting 'tls' in " + nested + " must be a single value");
    assertThatThrownBy(() -> Settings.from(Map.of("config", missing.toString()), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("cannot read config file " + missing + ": ");
  }

  @Test
  void from_emptyYaml_defaults() throws IOException {
    assertThat(ServerConfig.from(Settings.from(Map.of("config", yaml("").toString()), Map.of())).port()).isEqualTo(8080);
  }

  private Path yaml(String text) throws IOException {
    return Files.writeString(dir.resolve("signet.yaml"), text);
  }
}
