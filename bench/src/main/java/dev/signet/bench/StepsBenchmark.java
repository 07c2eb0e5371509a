package dev.signet.bench;

import dev.signet.InMemoryPrincipalKeys;
import dev.signet.ReplayStore;
import dev.signet.RequestTokenVerifier;
import dev.signet.TokenClaims;
import dev.signet.internal.ParsedJws;
import dev.signet.internal.Signatures;
import dev.signet.internal.Trace;
import java.util.concurrent.TimeUnit;
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
 * Signet makes it (Nimbus verifier and JCA provider), the replay store's {@code firstUse}, the
 * deep copy of the claims into the result, and building a verifier (once per pass over the
 * token pool in {@link VerifyBenchmark}). For analysis; not part of the ratio table.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StepsBenchmark {

  /** The token pool, parsed once; steps that do not depend on the provider. */
  // Fields are set in @Setup, before any benchmark method runs.
  @State(Scope.Thread)
  public static class Tokens {
    @Param({"RS256", "ES256", "EdDSA"})
    public String algorithm = "RS256";

    Fixture fixture;
    String[] tokens = new String[0];
    ParsedJws[] parsed = new ParsedJws[0];
    String[] nonces = new String[0];
    ReplayStore store;
    InMemoryPrincipalKeys principals = new InMemoryPrincipalKeys();
    private int next;

    @Setup
    public void setUp() {
      fixture = Fixture.of(algorithm);
      tokens = fixture.requestTokens.toArray(String[]::new);
      parsed = new ParsedJws[Fixture.POOL];
      nonces = new String[Fixture.POOL];
      for (int i = 0; i < Fixture.POOL; i++) {
        parsed[i] = ParsedJws.parse(tokens[i], 8192, Trace.NONE);
        nonces[i] = (String) parsed[i].claims().get("nonce");
      }
      store = ReplayStore.inMemory(1_000_000, Fixture.CLOCK);
      principals.add(Fixture.PRINCIPAL, fixture.key.publicKey());
    }

    int next() {
      int i = next;
      next = i + 1 == Fixture.POOL ? 0 : i + 1;
      return i;
    }
  }

  /** Adds the provider, for the signature step. */
  @State(Scope.Thread)
  public static class Verifying extends Tokens {
    @Param({"jdk", "accp"})
    public String provider = "jdk";

    Signatures signatures;

    @Setup
    public void setUpSignatures() {
      signatures = Signatures.using(Providers.named(provider));
    }
  }

  @Benchmark
  public ParsedJws parse(Tokens t, CpuCost cpu) {
    cpu.count();
    return ParsedJws.parse(t.tokens[t.next()], 8192, Trace.NONE);
  }

  @Benchmark
  public boolean signature(Verifying v, CpuCost cpu) {
    cpu.count();
    return VerifyBenchmark.valid(v.signatures.verify(v.parsed[v.next()], v.fixture.key.publicKey()));
  }

  @Benchmark
  public boolean replayFirstUse(Tokens t, CpuCost cpu) {
    cpu.count();
    int i = t.next();
    if (i == 0) {
      t.store = ReplayStore.inMemory(1_000_000, Fixture.CLOCK); // as VerifyBenchmark: a new store per pass
    }
    return VerifyBenchmark.valid(t.store.firstUse(Fixture.PRINCIPAL, t.nonces[i], Fixture.ISSUED.plusSeconds(20)));
  }

  @Benchmark
  public TokenClaims claimsCopy(Tokens t, CpuCost cpu) {
    cpu.count();
    return TokenClaims.of(t.parsed[t.next()].claims());
  }

  @Benchmark
  public RequestTokenVerifier newVerifier(Tokens t, CpuCost cpu) {
    cpu.count();
    return RequestTokenVerifier.builder(t.principals).audience(Fixture.AUDIENCE).clock(Fixture.CLOCK).build();
  }
}
