package dev.signet.bench;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.MalformedClaimException;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Peer libraries verifying the same request tokens ({@link Fixture}) with the same public key,
 * each through its usual entry point and default checks, then reading {@code username},
 * {@code time} and {@code nonce} as an application would. They have no replay store and no
 * provider option: with {@code globalProvider=none} they use the JDK's providers; with
 * {@code accp} ACCP is installed first in the provider list of that forked JVM only, to show
 * what a global installation would do for them.
 *
 * <p>auth0 java-jwt has no EdDSA, nor does Spring's {@code NimbusJwtDecoder} (whose
 * {@code withPublicKey} takes RSA keys only; for ES256 the decoder is built the way that builder
 * builds it, on an EC key).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PeerBenchmark {

  /** The token pool and the provider setting; subclasses add their algorithms and verifier. */
  @State(Scope.Thread)
  public abstract static class Peer {
    @Param({"none", "accp"})
    public String globalProvider = "none";

    Fixture fixture;
    private String[] tokens = new String[0];
    private int next;

    abstract String algorithm();

    abstract void build() throws Exception;

    @Setup
    public void setUp() throws Exception {
      fixture = Fixture.of(algorithm()); // signed with the JDK's providers, before any installation
      tokens = fixture.requestTokens.toArray(String[]::new);
      switch (globalProvider) {
        case "none" -> Providers.requireJdkDefaults();
        case "accp" -> Providers.installGlobally();
        default -> throw new IllegalArgumentException("globalProvider must be none or accp, not '" + globalProvider + "'");
      }
      build();
    }

    @TearDown
    public void tearDown() {
      if (globalProvider.equals("accp")) {
        Providers.uninstallGlobally();
      }
    }

    String nextToken() {
      int i = next;
      next = i + 1 == tokens.length ? 0 : i + 1;
      return tokens[i];
    }
  }

  public static class JjwtState extends Peer {
    @Param({"RS256", "ES256", "EdDSA"})
    public String algorithm = "RS256";

    JwtParser parser;

    @Override
    String algorithm() {
      return algorithm;
    }

    @Override
    void build() {
      parser = Jwts.parser().verifyWith(fixture.publicKey()).build();
    }
  }

  public static class Auth0State extends Peer {
    @Param({"RS256", "ES256"})
    public String algorithm = "RS256";

    JWTVerifier verifier;

    @Override
    String algorithm() {
      return algorithm;
    }

    @Override
    void build() {
      com.auth0.jwt.algorithms.Algorithm alg = switch (algorithm) {
        case "RS256" -> com.auth0.jwt.algorithms.Algorithm.RSA256((RSAPublicKey) fixture.publicKey(), null);
        case "ES256" -> com.auth0.jwt.algorithms.Algorithm.ECDSA256((ECPublicKey) fixture.publicKey(), null);
        default -> throw new IllegalArgumentException("auth0 java-jwt has no " + algorithm);
      };
      verifier = JWT.require(alg).withClaimPresence("username").withClaimPresence("nonce").build();
    }
  }

  public static class Jose4jState extends Peer {
    @Param({"RS256", "ES256", "EdDSA"})
    public String algorithm = "RS256";

    JwtConsumer consumer;

    @Override
    String algorithm() {
      return algorithm;
    }

    @Override
    void build() {
      consumer = new JwtConsumerBuilder()
          .setVerificationKey(fixture.publicKey())
          .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithm)
          .build();
    }
  }

  public static class SpringState extends Peer {
    @Param({"RS256", "ES256"})
    public String algorithm = "RS256";

    JwtDecoder decoder;

    @Override
    String algorithm() {
      return algorithm;
    }

    @Override
    void build() {
      decoder = switch (algorithm) {
        case "RS256" -> NimbusJwtDecoder.withPublicKey((RSAPublicKey) fixture.publicKey())
            .signatureAlgorithm(SignatureAlgorithm.RS256).build();
        case "ES256" -> {
          // what NimbusJwtDecoder.withPublicKey(...).build() does, with an EC key
          DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
          processor.setJWSKeySelector(new SingleKeyJWSKeySelector<>(JWSAlgorithm.ES256, fixture.publicKey()));
          processor.setJWTClaimsSetVerifier((claims, context) -> {});
          yield new NimbusJwtDecoder(processor);
        }
        default -> throw new IllegalArgumentException("Spring's NimbusJwtDecoder has no " + algorithm);
      };
    }
  }

  @Benchmark
  public String jjwt(JjwtState s, CpuCost cpu) {
    cpu.count();
    Claims claims = s.parser.parseSignedClaims(s.nextToken()).getPayload();
    return read(claims.get("username", String.class), claims.get("time", Number.class), claims.get("nonce", String.class));
  }

  @Benchmark
  public String auth0(Auth0State s, CpuCost cpu) {
    cpu.count();
    DecodedJWT jwt = s.verifier.verify(s.nextToken());
    return read(jwt.getClaim("username").asString(), jwt.getClaim("time").asLong(), jwt.getClaim("nonce").asString());
  }

  @Benchmark
  public String jose4j(Jose4jState s, CpuCost cpu) throws InvalidJwtException, MalformedClaimException {
    cpu.count();
    JwtClaims claims = s.consumer.processToClaims(s.nextToken());
    return read(claims.getStringClaimValue("username"), (Number) claims.getClaimValue("time"), claims.getStringClaimValue("nonce"));
  }

  @Benchmark
  public String spring(SpringState s, CpuCost cpu) {
    cpu.count();
    Jwt jwt = s.decoder.decode(s.nextToken());
    return read(jwt.getClaimAsString("username"), jwt.getClaim("time"), jwt.getClaimAsString("nonce"));
  }

  private static String read(String username, Number time, String nonce) {
    if (!Fixture.PRINCIPAL.equals(username) || time.longValue() != Fixture.ISSUED.getEpochSecond()) {
      throw new IllegalStateException("unexpected claims: " + username + ", " + time);
    }
    return nonce;
  }
}
