package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.KeyType;
import dev.signet.SigningKey;
import dev.signet.VerificationKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeygenCommandTest {
  @TempDir Path dir;
  private final Cli cli = new Cli();

  @Test
  void keygen_defaults_ecP256Pkcs8Mode0600AndPemPublicKey() throws IOException {
    Path out = dir.resolve("key.pem");

    Cli.Result r = cli.run("keygen", "--out", out.toString());

    assertThat(r.exitCode()).isZero();
    String privatePem = Files.readString(out);
    cli.privateKey(privatePem);
    SigningKey key = SigningKey.parse(privatePem);
    assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(key.type()).isEqualTo(KeyType.EC);
    assertThat(Files.getPosixFilePermissions(out)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    Path pub = dir.resolve("key.pem.pub");
    assertThat(Files.readString(pub)).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(VerificationKey.parse(Files.readString(pub)).kid()).isEqualTo(key.kid());
    assertThat(r.out()).isEqualTo(
        "kid      " + key.kid() + "\n"
            + "type     EC P-256, alg ES256\n"
            + "private  " + out + " (pkcs8, mode 0600)\n"
            + "public   " + pub + " (pem)\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void keygen_bareName_writesIntoTheKeysDirectoryMode0700NotTheWorkingDirectory() throws IOException { // gh-19
    Path config = dir.resolve("config");
    cli.env("XDG_CONFIG_HOME", config.toString());

    Cli.Result r = cli.run("keygen", "--out", "signet-test-key.pem");

    Path keys = config.resolve("signet/keys");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.getPosixFilePermissions(keys)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(keys.resolve("signet-test-key.pem"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(keys.resolve("signet-test-key.pem.pub")).isRegularFile();
    assertThat(Path.of("signet-test-key.pem")).doesNotExist();
    assertThat(r.out()).contains("private  " + keys.resolve("signet-test-key.pem") + " (pkcs8, mode 0600)\n");
    cli.privateKey(Files.readString(keys.resolve("signet-test-key.pem")));

    Cli.Result signed = cli.run("token", "sign", "--key", "signet-test-key.pem", "--principal", "alice");
    Cli.Result verified = cli.run("token", "verify", signed.output(), "--key", "signet-test-key.pem.pub");

    assertThat(signed.exitCode()).as(signed.err()).isZero();
    assertThat(verified.exitCode()).as(verified.out()).isZero();
  }

  @Test
  void keygen_bareNameWithoutXdgConfigHome_keysUnderHomeDotConfig() {
    cli.env("HOME", dir.toString()).env("XDG_CONFIG_HOME", ""); // empty counts as unset

    Cli.Result r = cli.run("keygen", "--out", "k.pem", "--pub", "k.pub");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(dir.resolve(".config/signet/keys/k.pem")).isRegularFile();
    assertThat(dir.resolve(".config/signet/keys/k.pub")).isRegularFile();
  }

  @Test
  void sign_bareNameFoundOnlyInTheWorkingDirectory_saysToWriteDotSlash() {
    cli.env("XDG_CONFIG_HOME", dir.resolve("config").toString());
    Path keys = dir.resolve("config/signet/keys");

    Cli.Result r = cli.run("token", "sign", "--key", "pom.xml", "--principal", "alice"); // the module's pom.xml is in the working directory

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: key file " + keys.resolve("pom.xml") + " does not exist "
        + "(a bare name is looked for in the keys directory; for the file here, write ./pom.xml)\n");
  }

  @Test
  void keygen_rsa3072_rsaKeyOfThatSize() throws IOException {
    Path out = dir.resolve("rsa.pem");

    Cli.Result r = cli.run("keygen", "--type", "rsa", "--bits", "3072", "--out", out.toString(), "--pub", dir.resolve("rsa.pub").toString());

    assertThat(r.exitCode()).isZero();
    assertThat(SigningKey.parse(Files.readString(out)).publicKey().description()).isEqualTo("RSA 3072");
    assertThat(r.out()).contains("type     RSA 3072, alg RS256\n").contains("public   " + dir.resolve("rsa.pub") + " (pem)");
  }

  @Test
  void keygen_ed25519_edDsaKey() throws IOException {
    Path out = dir.resolve("ed.pem");

    Cli.Result r = cli.run("keygen", "--type", "ed25519", "--out", out.toString());

    assertThat(r.exitCode()).isZero();
    assertThat(SigningKey.parse(Files.readString(out)).algorithm()).isEqualTo(Algorithm.EdDSA);
    assertThat(r.out()).contains("type     Ed25519, alg EdDSA\n");
  }

  @Test
  void keygen_algAlone_impliesTypeAndCurve() throws IOException {
    Path out = dir.resolve("es384.json");

    Cli.Result r = cli.run("keygen", "--alg", "es384", "--format", "jwk", "--pub-format", "jwk", "--kid", "k-384", "--out", out.toString());

    assertThat(r.exitCode()).isZero();
    SigningKey key = SigningKey.parse(Files.readString(out));
    cli.privateKey(Files.readString(out));
    assertThat(key.kid()).isEqualTo("k-384");
    assertThat(key.algorithm()).isEqualTo(Algorithm.ES384);
    VerificationKey pub = VerificationKey.parse(Files.readString(dir.resolve("es384.json.pub")));
    assertThat(pub.kid()).isEqualTo("k-384");
    assertThat(pub.algorithm()).contains(Algorithm.ES384);
    assertThat(r.out()).startsWith("kid      k-384\ntype     EC P-384, alg ES384\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void keygen_kidWithPem_notesThatPemRecordsNoKid() {
    Cli.Result r = cli.run("keygen", "--type", "rsa", "--alg", "PS256", "--kid", "k1", "--out", dir.resolve("k.pem").toString());

    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEqualTo(
        "signet: note: a pkcs8 file records no kid or alg; pass --kid k1 --alg PS256 to 'signet token sign', or use --format jwk\n");
  }

  @Test
  void keygen_pkcs1_traditionalRsaPemMode0600() throws IOException {
    Path rsa = dir.resolve("rsa.pem");

    Cli.Result r = cli.run("keygen", "--type", "rsa", "--format", "pkcs1", "--out", rsa.toString());

    assertThat(r.exitCode()).isZero();
    cli.privateKey(Files.readString(rsa));
    assertThat(Files.readString(rsa)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(SigningKey.parse(Files.readString(rsa)).publicKey().description()).isEqualTo("RSA 2048");
    assertThat(Files.getPosixFilePermissions(rsa)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void keygen_sec1_writesReadableEcPrivateKey() throws IOException {
    Path ec = dir.resolve("ec.pem");

    Cli.Result r = cli.run("keygen", "--curve", "P-521", "--format", "sec1", "--out", ec.toString());

    assertThat(r.exitCode()).isZero();
    assertThat(Files.readString(ec)).startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThat(SigningKey.parse(Files.readString(ec)).algorithm()).isEqualTo(Algorithm.ES512);
    assertThat(Files.getPosixFilePermissions(ec)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void keygen_openSshPublicFormat_authorizedKeysLine() throws IOException {
    Path out = dir.resolve("id");

    Cli.Result r = cli.run("keygen", "--type", "ed25519", "--pub-format", "openssh", "--out", out.toString());

    assertThat(r.exitCode()).isZero();
    assertThat(Files.readString(dir.resolve("id.pub"))).startsWith("ssh-ed25519 AAAA");
  }

  @Test
  void keygen_existingFile_refusedAndUntouched() throws IOException {
    Path out = Files.writeString(dir.resolve("key.pem"), "precious");

    Cli.Result r = cli.run("keygen", "--out", out.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: " + out + " already exists; use --force to overwrite it\n");
    assertThat(Files.readString(out)).isEqualTo("precious");
    assertThat(dir.resolve("key.pem.pub")).doesNotExist();
  }

  @Test
  void keygen_existingPublicFile_refusedBeforeWritingPrivate() throws IOException {
    Files.writeString(dir.resolve("key.pem.pub"), "precious");

    Cli.Result r = cli.run("keygen", "--out", dir.resolve("key.pem").toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: " + dir.resolve("key.pem.pub") + " already exists; use --force to overwrite it\n");
    assertThat(dir.resolve("key.pem")).doesNotExist();
  }

  @Test
  void keygen_forceOverWorldReadableFile_replacedWithMode0600() throws IOException {
    Path out = Files.writeString(dir.resolve("key.pem"), "old");
    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-rw-rw-"));

    Cli.Result r = cli.run("keygen", "--out", out.toString(), "--force");

    assertThat(r.exitCode()).isZero();
    assertThat(Files.readString(out)).startsWith("-----BEGIN PRIVATE KEY-----");
    cli.privateKey(Files.readString(out));
    assertThat(Files.getPosixFilePermissions(out)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("key.pem", "key.pem.pub");
    }
  }

  @Test
  void keygen_noOut_refusesToPrintPrivateKeyExit2() {
    Cli.Result r = cli.run("keygen");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("signet: refusing to print a private key; write it to a file with --out FILE\n");
  }

  @Test
  void keygen_outDash_refusesToPrintPrivateKeyExit2() {
    Cli.Result r = cli.run("keygen", "--out", "-");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("signet: refusing to print a private key; write it to a file with --out FILE\n");
  }

  @Test
  void keygen_rsa1024_refusedWithCoreMessageExit2() {
    Cli.Result r = cli.run("keygen", "--type", "rsa", "--bits", "1024", "--out", dir.resolve("weak.pem").toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: RSA key size must be 2048, 3072 or 4096 bits, not 1024 (2048 bits is the minimum)\n");
    assertThat(dir.resolve("weak.pem")).doesNotExist();
  }

  @Test
  void keygen_unknownCurve_coreMessageExit2() {
    Cli.Result r = cli.run("keygen", "--curve", "P-192", "--out", dir.resolve("k.pem").toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: EC curve must be P-256, P-384 or P-521, not 'P-192'\n");
  }

  @Test
  void keygen_unknownType_exit2() {
    Cli.Result r = cli.run("keygen", "--type", "dsa", "--out", dir.resolve("k.pem").toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo(
        "signet: Invalid value for option '--type': key type must be rsa, ec or ed25519, not 'dsa' (see 'signet keygen --help')\n");
  }

  @Test
  void keygen_conflictingOptions_exit2WithReason() {
    String out = dir.resolve("k.pem").toString();

    assertThat(cli.run("keygen", "--type", "ec", "--bits", "2048", "--out", out).err())
        .isEqualTo("signet: --bits is for RSA keys; this is an EC key\n");
    assertThat(cli.run("keygen", "--type", "rsa", "--alg", "ES256", "--out", out).err())
        .isEqualTo("signet: --alg ES256 needs an EC key, not an RSA key\n");
    assertThat(cli.run("keygen", "--alg", "ES384", "--curve", "P-256", "--out", out).err())
        .isEqualTo("signet: --alg ES384 needs curve P-384, not P-256\n");
    assertThat(cli.run("keygen", "--type", "ed25519", "--format", "sec1", "--out", out).err())
        .isEqualTo("signet: --format sec1 is for EC keys; use pkcs8\n");
    assertThat(cli.run("keygen", "--format", "jwk", "--passphrase-env", "P", "--out", out).err())
        .isEqualTo("signet: a passphrase encrypts pkcs8 output only, not --format jwk\n");
    assertThat(cli.run("keygen", "--out", out, "--pub", out).err())
        .isEqualTo("signet: --pub must differ from --out\n");
    assertThat(cli.run("keygen", "--alg", "HS256", "--out", out).err())
        .startsWith("signet: Invalid value for option '--alg': unknown algorithm: 'HS256' (expected one of [RS256,");
    assertThat(Path.of(out)).doesNotExist();
  }

  @Test
  void keygen_passphraseFromFile_encryptedPkcs8ThatOnlyThePassphraseOpens() throws IOException {
    Path passphraseFile = Files.writeString(dir.resolve("pass.txt"), "correct horse battery\n");
    Path out = dir.resolve("enc.pem");
    cli.secret("correct horse battery");

    Cli.Result r = cli.run("keygen", "--out", out.toString(), "--passphrase-file", passphraseFile.toString());

    assertThat(r.exitCode()).isZero();
    String pem = Files.readString(out);
    cli.privateKey(pem);
    assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    assertThat(SigningKey.parse(pem, "correct horse battery".toCharArray()).type()).isEqualTo(KeyType.EC);
    assertThat(r.out()).contains("(pkcs8, encrypted, mode 0600)");
  }

  @Test
  void keygen_passphraseFromEnv_encryptedPkcs8() throws IOException {
    Path out = dir.resolve("enc.pem");
    cli.env("SIGNET_KEY_PASSPHRASE", "s3cret-from-env").secret("s3cret-from-env");

    Cli.Result r = cli.run("keygen", "--type", "ed25519", "--out", out.toString(), "--passphrase-env", "SIGNET_KEY_PASSPHRASE");

    assertThat(r.exitCode()).isZero();
    assertThat(SigningKey.parse(Files.readString(out), "s3cret-from-env".toCharArray()).algorithm()).isEqualTo(Algorithm.EdDSA);
  }

  @Test
  void keygen_passphraseEnvUnsetOrEmpty_exit2() {
    cli.env("EMPTY", "");
    String out = dir.resolve("k.pem").toString();

    assertThat(cli.run("keygen", "--out", out, "--passphrase-env", "NOPE").err())
        .isEqualTo("signet: environment variable NOPE is not set\n");
    assertThat(cli.run("keygen", "--out", out, "--passphrase-env", "EMPTY").err())
        .isEqualTo("signet: environment variable EMPTY is empty\n");
    assertThat(cli.run("keygen", "--out", out, "--passphrase-env", "EMPTY", "--passphrase-file", "f").err())
        .isEqualTo("signet: give --passphrase-file or --passphrase-env, not both\n");
    assertThat(Path.of(out)).doesNotExist();
  }

  @Test
  void keygen_missingPassphraseFile_exit2() {
    Path missing = dir.resolve("nope.txt");

    Cli.Result r = cli.run("keygen", "--out", dir.resolve("k.pem").toString(), "--passphrase-file", missing.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: passphrase file " + missing + " does not exist\n");
  }

  @Test
  void keygen_outIsDirectory_exit2() {
    Cli.Result r = cli.run("keygen", "--out", dir.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: " + dir + " is a directory\n");
  }

  @Test
  void keygen_outInMissingDirectory_exit2() {
    Path out = dir.resolve("no/such/dir/k.pem");

    Cli.Result r = cli.run("keygen", "--out", out.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: directory " + dir.resolve("no/such/dir") + " does not exist\n");
  }
}
