package dev.signet.bench;

import dev.signet.InMemoryPrincipalKeys;
import dev.signet.ReplayStore;
import dev.signet.RequestTokenVerifier;
import dev.signet.TokenClaims;
import dev.signet.internal.ParsedJws;
import dev.signet.internal.Signatures;
import dev.signet.internal.Trace;
import java.security.Provider;
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
 * The steps of {@link RequestTokenVerifier#verify}, one at a time, to see where its time goes:
 * parsing (base64url and JSON of header and payload, Nimbus header), the signature check as
 * Signet makes it (Nimbus verifier, provider lookup, key initialisation), the replay store's
 * {@code firstUse}, the deep copy of the claims into the result, and building a verifier.
 * For analysis; not part of the ratio table.
 */
// Fields are set in @Setup, before any benchmark method runs.
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StepsBenchmark {
  @Param({"RS256", "ES256", "EdDSA"})
  public String algorithm = "RS256";

  @Param({"jdk", "accp"})
  public String provider = "jdk";

  private @Nullable Provider jca;
  private Fixture fixture;
  private String[] tokens = new String[0];
  private ParsedJws[] parsed = new ParsedJws[0];
  private String[] nonces = new String[0];
  private Signatures signatures;
  private ReplayStore store;
  private InMemoryPrincipalKeys principals = new InMemoryPrincipalKeys();
  private int next;

  @Setup
  public void setUp() {
    jca = Providers.named(provider);
    fixture = Fixture.of(algorithm);
    tokens = fixture.requestTokens.toArray(String[]::new);
    parsed = new ParsedJws[Fixture.POOL];
    nonces = new String[Fixture.POOL];
    for (int i = 0; i < Fixture.POOL; i++) {
      parsed[i] = ParsedJws.parse(tokens[i], 8192, Trace.NONE);
      nonces[i] = (String) parsed[i].claims().get("nonce");
    }
    signatures = Signatures.using(jca);
    store = ReplayStore.inMemory(1_000_000, Fixture.CLOCK);
    principals.add(Fixture.PRINCIPAL, fixture.key.publicKey());
  }

  private int next() {
    int i = next;
    next = i + 1 == Fixture.POOL ? 0 : i + 1;
    return i;
  }

  @Benchmark
  public ParsedJws parse(CpuCost cpu) {
    cpu.count();
    return ParsedJws.parse(tokens[next()], 8192, Trace.NONE);
  }

  @Benchmark
  public boolean signature(CpuCost cpu) {
    cpu.count();
    return VerifyBenchmark.valid(signatures.verify(parsed[next()], fixture.key.publicKey()));
  }

  @Benchmark
  public boolean replayFirstUse(CpuCost cpu) {
    cpu.count();
    int i = next();
    if (i == 0) {
      store = ReplayStore.inMemory(1_000_000, Fixture.CLOCK);
    }
    return VerifyBenchmark.valid(store.firstUse(Fixture.PRINCIPAL, nonces[i], Fixture.ISSUED.plusSeconds(20)));
  }

  @Benchmark
  public TokenClaims claimsCopy(CpuCost cpu) {
    cpu.count();
    return TokenClaims.of(parsed[next()].claims());
  }

  @Benchmark
  public RequestTokenVerifier newVerifier(CpuCost cpu) {
    cpu.count();
    RequestTokenVerifier.Builder builder = RequestTokenVerifier.builder(principals).audience(Fixture.AUDIENCE).clock(Fixture.CLOCK);
    return (jca == null ? builder : builder.provider(jca)).build();
  }
}
