package dev.signet.bench;

import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import dev.signet.Decryption;
import dev.signet.DecryptionKey;
import dev.signet.JweDecrypter;
import dev.signet.JweEncrypter;
import dev.signet.KeyManagement;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What decrypting a JWE costs (issue 17), against Nimbus' own {@code JWEObject.decrypt} of the same
 * JWE as the baseline ({@code nimbus}): {@code valid}, and the refusals an attacker can send:
 * {@code badTag} (one bit of the tag flipped), {@code wrongKey} (encrypted to a key that is not
 * ours, under our kid: the key unwrap fails), {@code zipBomb} (10 MiB of zeros, DEFLATEd: stops at
 * the 256 KiB cap), {@code pbes2} (a huge {@code p2c}: refused before any key derivation) and
 * {@code oversized} (five 1 MB parts: refused before parsing). Every operation checks its outcome.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JweBenchmark {
  @Param({"RSA-OAEP-256", "ECDH-ES"})
  public String alg = "RSA-OAEP-256";

  private DecryptionKey ours;
  private JweDecrypter decrypter;
  private String valid = "";
  private String badTag = "";
  private String wrongKey = "";
  private String zipBomb = "";
  private String pbes2 = "";
  private String oversized = "";

  @Setup
  public void setUp() {
    KeyManagement management = KeyManagement.fromJoseName(alg).orElseThrow();
    ours = DecryptionKey.generate(management);
    decrypter = JweDecrypter.builder(ours).build();
    byte[] payload = "{\"card\":\"4111 1111 1111 1111\",\"amount\":100}".getBytes(StandardCharsets.UTF_8);
    valid = JweEncrypter.builder(ours.encryptionKey()).build().encrypt(payload);
    String[] parts = valid.split("\\.");
    byte[] tag = Base64.getUrlDecoder().decode(parts[4]);
    tag[0] ^= 1;
    badTag = String.join(".", parts[0], parts[1], parts[2], parts[3], Base64.getUrlEncoder().withoutPadding().encodeToString(tag));
    DecryptionKey stranger = DecryptionKey.generate(management);
    wrongKey = JweEncrypter.builder(stranger.encryptionKey().withKid(ours.kid())).build().encrypt(payload);
    zipBomb = JweEncrypter.builder(ours.encryptionKey()).compress().build().encrypt(new byte[10 << 20]);
    String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"alg\":\"PBES2-HS512+A256KW\",\"enc\":\"A256GCM\",\"p2c\":2147483647,\"p2s\":\"AAAAAAAAAAAAAAAAAAAAAA\"}".getBytes(StandardCharsets.UTF_8));
    pbes2 = header + valid.substring(valid.indexOf('.'));
    String megabyte = "A".repeat(1 << 20);
    oversized = String.join(".", megabyte, megabyte, megabyte, megabyte, megabyte);
    expect(decrypter.decrypt(valid), null);
  }

  private static Decryption expect(Decryption result, Decryption.@Nullable Reason reason) {
    if (reason == null ? !(result instanceof Decryption.Decrypted) : !(result instanceof Decryption.Refused r && r.reason() == reason)) {
      throw new IllegalStateException("unexpected outcome " + result);
    }
    return result;
  }

  @Benchmark
  public byte[] nimbus() throws Exception {
    JWEObject jwe = JWEObject.parse(valid);
    jwe.decrypt(ours.type() == dev.signet.KeyType.RSA ? new RSADecrypter(ours.privateKey())
        : new ECDHDecrypter((ECPrivateKey) ours.privateKey()));
    return jwe.getPayload().toBytes();
  }

  @Benchmark
  public Decryption valid() {
    return expect(decrypter.decrypt(valid), null);
  }

  @Benchmark
  public Decryption badTag() {
    return expect(decrypter.decrypt(badTag), Decryption.Reason.UNDECRYPTABLE);
  }

  @Benchmark
  public Decryption wrongKey() {
    return expect(decrypter.decrypt(wrongKey), Decryption.Reason.UNDECRYPTABLE);
  }

  @Benchmark
  public Decryption zipBomb() {
    return expect(decrypter.decrypt(zipBomb), Decryption.Reason.UNDECRYPTABLE);
  }

  @Benchmark
  public Decryption pbes2() {
    return expect(decrypter.decrypt(pbes2), Decryption.Reason.UNSUPPORTED_ALGORITHM);
  }

  @Benchmark
  public Decryption oversized() {
    return expect(decrypter.decrypt(oversized), Decryption.Reason.TOO_LARGE);
  }
}
