package dev.signet;

import static dev.signet.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link TokenClaims}: reading aud and scopes the ways issuers write them, and immutability. */
class TokenClaimsTest {

  @Test
  void audience_singleString_listOfOne() {
    assertThat(TokenClaims.of(Map.of("aud", "orders-api")).audience()).containsExactly("orders-api");
  }

  @Test
  void audience_array_stringsInOrderOthersIgnored() {
    List<Object> aud = new ArrayList<>(List.of("a", 1, "b", true));

    assertThat(TokenClaims.of(Map.of("aud", aud)).audience()).containsExactly("a", "b");
  }

  @Test
  void audience_absentOrNotAStringOrArray_empty() {
    assertThat(TokenClaims.of(Map.of()).audience()).isEmpty();
    assertThat(TokenClaims.of(Map.of("aud", 42)).audience()).isEmpty();
    assertThat(TokenClaims.of(Map.of("aud", Map.of("x", "y"))).audience()).isEmpty();
  }

  @Test
  void scopes_spaceSeparatedScope_inOrderWithoutEmptiesOrDuplicates() {
    assertThat(TokenClaims.of(Map.of("scope", " orders:read  orders:write orders:read ")).scopes())
        .containsExactly("orders:read", "orders:write");
  }

  @Test
  void scopes_scpArrayOrString_read() {
    assertThat(TokenClaims.of(Map.of("scp", List.of("a", "b"))).scopes()).containsExactly("a", "b");
    assertThat(TokenClaims.of(Map.of("scp", "a b")).scopes()).containsExactly("a", "b");
  }

  @Test
  void scopes_scopeAndScp_scopeWins() {
    assertThat(TokenClaims.of(Map.of("scope", "a", "scp", List.of("b"))).scopes()).containsExactly("a");
  }

  @Test
  void scopes_noneOrOfAnotherType_empty() {
    assertThat(TokenClaims.of(Map.of()).scopes()).isEmpty();
    assertThat(TokenClaims.of(Map.of("scope", 7)).scopes()).isEmpty();
  }

  @Test
  void scopes_result_unmodifiable() {
    assertThat(TokenClaims.of(Map.of("scope", "a")).scopes()).isUnmodifiable();
  }

  @Test
  void of_sourceChangedAfterwards_claimsUnchanged() {
    List<Object> aud = new ArrayList<>(List.of("a"));
    Map<String, Object> nested = new HashMap<>(Map.of("k", "v"));
    Map<String, Object> source = new LinkedHashMap<>(Map.of("aud", aud, "cnf", nested));
    TokenClaims claims = TokenClaims.of(source);

    aud.add("b");
    nested.put("k", "changed");
    source.put("sub", "mallory");

    assertThat(claims.audience()).containsExactly("a");
    assertThat(claims.claim("cnf")).contains(Map.of("k", "v"));
    assertThat(claims.claim("sub")).isEmpty();
  }

  @Test
  void asMap_andNestedValues_unmodifiable() {
    TokenClaims claims = TokenClaims.of(Map.of("aud", List.of("a"), "cnf", Map.of("k", "v")));

    assertThat(claims.asMap()).isUnmodifiable();
    assertThat((List<?>) claims.asMap().get("aud")).isUnmodifiable();
    assertThat((Map<?, ?>) claims.asMap().get("cnf")).isUnmodifiable();
  }

  @Test
  void builder_reusedAfterBuild_earlierClaimsUnchanged() {
    TokenClaims.Builder builder = TokenClaims.builder().subject("alice");
    TokenClaims first = builder.build();

    builder.subject("bob").claim("admin", true);

    assertThat(first.string("sub")).contains("alice");
    assertThat(first.claim("admin")).isEmpty();
  }

  @Test
  void builder_instantsAndStandardClaims_asNumericDatesAndNames() {
    TokenClaims claims = TokenClaims.builder().issuer("iss").subject("sub").audience(List.of("a")).issuedAt(NOW)
        .notBefore(NOW).expiresAt(NOW.plusSeconds(60)).id("jti").claim("at", NOW.plusSeconds(1)).build();

    assertThat(claims.asMap()).containsEntry("iss", "iss").containsEntry("sub", "sub").containsEntry("aud", "a")
        .containsEntry("iat", NOW.getEpochSecond()).containsEntry("nbf", NOW.getEpochSecond())
        .containsEntry("exp", NOW.getEpochSecond() + 60).containsEntry("jti", "jti").containsEntry("at", NOW.getEpochSecond() + 1);
    assertThat(TokenClaims.builder().audience(List.of("a", "b")).build().claim("aud")).contains(List.of("a", "b"));
  }

  @Test
  void string_nonString_empty() {
    TokenClaims claims = TokenClaims.of(Map.of("n", 1, "s", "x"));

    assertThat(claims.string("n")).isEmpty();
    assertThat(claims.string("s")).contains("x");
    assertThat(claims.string("missing")).isEmpty();
  }

  @Test
  void of_valueThatIsNotJson_rejected() {
    assertThatThrownBy(() -> TokenClaims.of(Map.of("x", new Object())))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("not a JSON value: java.lang.Object");
    assertThatThrownBy(() -> TokenClaims.builder().claim("x", null)).isInstanceOf(NullPointerException.class).hasMessage("value for x");
  }

  @Test
  void toJson_parsedAgain_equalClaims() throws Exception {
    TokenClaims claims = TokenClaims.builder().subject("alice").claim("n", 1L).claim("list", List.of("a", 2L)).build();

    assertThat(TokenClaims.of(dev.signet.internal.JsonCodec.parseObject(claims.toJson()))).isEqualTo(claims);
  }

  @Test
  void toString_claimsWithValues_namesOnly() {
    assertThat(TokenClaims.builder().subject("alice").claim("secret", "s3cr3t").build()).hasToString("TokenClaims[sub, secret]");
  }

  /** Claim names are the token's choice, and a verified token's claims may well be logged. */
  @Test
  void toString_namesForgingALogLine_escapedAndBounded() {
    TokenClaims.Builder builder = TokenClaims.builder().claim("a\r\nINFO admin login ok", 1L);
    for (int i = 0; i < 40; i++) {
      builder.claim("c" + i, i);
    }

    assertThat(builder.build().toString())
        .startsWith("TokenClaims[a\\u000d\\u000aINFO admin login ok, c0, c1,")
        .endsWith("c30] and 9 more");
  }
}
