package dev.signet.bench;

import dev.signet.InMemoryPrincipalKeys;
import dev.signet.KeySource;
import dev.signet.RequestTokenVerifier;
import dev.signet.TokenVerifier;
import dev.signet.Verification;
import dev.signet.internal.Signatures;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Signature;
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
 * Signet's verifiers against a raw JCA {@code Signature.verify} of the same signing input and
 * signature, with the same keys and provider.
 *
 * <ul>
 *   <li>{@code raw}: one {@code Signature} initialised once; per operation {@code update} and
 *       {@code verify} only. The floor: nothing a JWT library does can be cheaper.
 *   <li>{@code rawFreshInstance}: {@code Signature.getInstance}, {@code initVerify}, {@code update},
 *       {@code verify} per operation, as a thread-safe verifier without pooling must.
 *   <li>{@code requestToken}: {@link RequestTokenVerifier#verify(String)} of a compatible-profile
 *       token: parse, header checks, principal lookup, signature, time window, binding claims and
 *       the replay check in the default in-memory store. Each of the {@link Fixture#POOL} tokens
 *       has its own nonce; after each pass over the pool a new verifier (with a new, empty store)
 *       is built, so every verify is a first use and the replay check runs for real. The rebuild
 *       costs microseconds once per {@value Fixture#POOL} verifies.
 *   <li>{@code accessToken}: {@link TokenVerifier#verify} of an RFC 9068 access token (no replay
 *       check by design).
 * </ul>
 *
 * Every operation checks its result, so a rejection (a replay, say) fails the run instead of
 * being measured as a fast path.
 */
// Fields are set in @Setup, before any benchmark method runs.
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class VerifyBenchmark {
  @Param({"RS256", "ES256", "EdDSA"})
  public String algorithm = "RS256";

  @Param({"jdk", "accp"})
  public String provider = "jdk";

  private @Nullable Provider jca;
  private Fixture fixture;
  private Fixture.RawInput[] raw = new Fixture.RawInput[0];
  private Signature initialised;
  private InMemoryPrincipalKeys principals = new InMemoryPrincipalKeys();
  private RequestTokenVerifier requestVerifier;
  private TokenVerifier accessVerifier;
  private String[] tokens = new String[0];
  private int next;

  @Setup
  public void setUp() throws GeneralSecurityException {
    jca = Providers.named(provider);
    fixture = Fixture.of(algorithm);
    raw = new Fixture.RawInput[Fixture.POOL];
    for (int i = 0; i < Fixture.POOL; i++) {
      raw[i] = fixture.raw(i);
    }
    tokens = fixture.requestTokens.toArray(String[]::new);
    initialised = signature();
    initialised.initVerify(fixture.publicKey());
    principals = new InMemoryPrincipalKeys().add(Fixture.PRINCIPAL, fixture.key.publicKey());
    requestVerifier = newRequestVerifier();
    TokenVerifier.Builder access = TokenVerifier.builder(KeySource.of(fixture.key.publicKey()))
        .issuer(Fixture.ISSUER).audience(Fixture.RESOURCE).requiredScopes("orders:read").clock(Fixture.CLOCK);
    accessVerifier = (jca == null ? access : access.provider(jca)).build();
  }

  private RequestTokenVerifier newRequestVerifier() {
    RequestTokenVerifier.Builder builder = RequestTokenVerifier.builder(principals).audience(Fixture.AUDIENCE).clock(Fixture.CLOCK);
    return (jca == null ? builder : builder.provider(jca)).build();
  }

  private Signature signature() throws GeneralSecurityException {
    String name = Signatures.jcaName(fixture.algorithm);
    return jca == null ? Signature.getInstance(name) : Signature.getInstance(name, jca);
  }

  private int next() {
    int i = next;
    next = i + 1 == Fixture.POOL ? 0 : i + 1;
    return i;
  }

  @Benchmark
  public boolean raw(CpuCost cpu) throws GeneralSecurityException {
    cpu.count();
    Fixture.RawInput in = raw[next()];
    initialised.update(in.signingInput());
    return valid(initialised.verify(in.signature()));
  }

  @Benchmark
  public boolean rawFreshInstance(CpuCost cpu) throws GeneralSecurityException {
    cpu.count();
    Fixture.RawInput in = raw[next()];
    Signature s = signature();
    s.initVerify(fixture.publicKey());
    s.update(in.signingInput());
    return valid(s.verify(in.signature()));
  }

  @Benchmark
  public Verification requestToken(CpuCost cpu) {
    cpu.count();
    int i = next();
    if (i == 0) {
      requestVerifier = newRequestVerifier(); // a fresh replay store for the next pass over the pool
    }
    return valid(requestVerifier.verify(tokens[i]));
  }

  @Benchmark
  public Verification accessToken(CpuCost cpu) {
    cpu.count();
    return valid(accessVerifier.verify(fixture.accessToken));
  }

  static boolean valid(boolean verified) {
    if (!verified) {
      throw new IllegalStateException("signature did not verify");
    }
    return true;
  }

  static Verification valid(Verification v) {
    if (v instanceof Verification.Invalid(var reason, var detail)) {
      throw new IllegalStateException("token rejected: " + reason + ": " + detail);
    }
    return v;
  }
}
