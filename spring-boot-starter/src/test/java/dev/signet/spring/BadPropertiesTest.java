package dev.signet.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** A wrong {@code signet.*} value stops the application with a message naming the property. */
class BadPropertiesTest {
  private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SignetAutoConfiguration.class, SignetServletAutoConfiguration.class));

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      no issuer at all              | signet.audience=x                                                           | signet.issuer                          | no issuer to trust
      no audience                   | signet.issuer=https://a.example                                             | signet.audience                        | the audience this application's tokens carry (aud) is required for issuer https://a.example
      second issuer, no audience    | signet.issuer=https://a.example,signet.audience=x,signet.issuers[0].issuer=https://b.example | signet.issuers[0].audience | is required for issuer https://b.example
      list entry without issuer     | signet.issuers[0].audience=x                                                | signet.issuers[0].issuer               | each trusted issuer needs its issuer identifier
      issuer over plain http        | signet.issuer=http://auth.example.com,signet.audience=x                     | signet.issuer                          | https
      audience and any-audience     | signet.issuer=https://a.example,signet.audience=x,signet.any-audience=true  | signet.audience                        | audience and anyAudience() contradict each other
      JWT type without audience     | signet.issuer=https://a.example,signet.any-audience=true,signet.accept-jwt-type=true | signet.accept-jwt-type  | acceptJwtType() needs an audience
      negative clock skew           | signet.issuer=https://a.example,signet.audience=x,signet.clock-skew=-5s     | signet.clock-skew                      | clockSkew must not be negative: PT-5S
      zero lifetime                 | signet.issuer=https://a.example,signet.audience=x,signet.max-lifetime=0s    | signet.max-lifetime                    | maxLifetime must be positive: PT0S
      JWKS over plain http          | signet.issuer=https://a.example,signet.audience=x,signet.jwks-uri=http://keys.example/jwks | signet.jwks-uri         | JWKS URI must use https unless the host is loopback
      no JWKS fetches allowed       | signet.issuer=https://a.example,signet.audience=x,signet.jwks.max-fetches-per-minute=0 | signet.jwks.max-fetches-per-minute | maxFetchesPerMinute must be 1 to 600: 0
      JWKS cache ttl of zero        | signet.issuer=https://a.example,signet.audience=x,signet.issuers[0].issuer=https://b.example,signet.issuers[0].audience=y,signet.issuers[0].jwks.cache-ttl=0s | signet.issuers[0].jwks.cache-ttl | must be positive
      introspection cache too long  | signet.issuer=https://a.example,signet.audience=x,signet.introspection.endpoint=https://a.example/i,signet.introspection.cache-ttl=1h | signet.introspection.cache-ttl | cacheTtl must be 0 to PT5M: PT1H
      client id without secret      | signet.issuer=https://a.example,signet.audience=x,signet.introspection.endpoint=https://a.example/i,signet.introspection.client-id=api | signet.introspection.client-secret | client-id and client-secret go together
      trusted proxy by name         | signet.issuer=https://a.example,signet.audience=x,signet.trusted-proxies=proxy.internal | signet.trusted-proxies[0] | not an IP address or block: 'proxy.internal'
      public URL with a query       | signet.issuer=https://a.example,signet.audience=x,signet.public-urls=https://api.example/?a=b | signet.public-urls | a public URL is an absolute http(s) URL without query or fragment
      bad public path               | signet.issuer=https://a.example,signet.audience=x,signet.public-paths=health   | signet.public-paths[0]                 | health
      route without path            | signet.issuer=https://a.example,signet.audience=x,signet.routes[0].scopes=a    | signet.routes[0].path                  | each route needs a path pattern
      route scope with a quote      | signet.issuer=https://a.example,signet.audience=x,signet.routes[0].path=/a,signet.routes[0].scopes=a"b | signet.routes[0].scopes | a scope must be non-empty printable ASCII
      lower-case method             | signet.issuer=https://a.example,signet.audience=x,signet.routes[0].path=/a,signet.routes[0].methods=get | signet.routes[0].methods | HTTP methods are upper-case names: 'get'
      DPoP required but off         | signet.issuer=https://a.example,signet.audience=x,signet.dpop.required=true,signet.dpop.enabled=false | signet.dpop.required | DPoP cannot be required while signet.dpop.enabled is false
      DPoP required, bearer route   | signet.issuer=https://a.example,signet.audience=x,signet.dpop.required=true,signet.routes[0].path=/a,signet.routes[0].credentials=bearer | signet.routes[0].credentials | every route must take dpop
      DPoP proof age too long       | signet.issuer=https://a.example,signet.audience=x,signet.dpop.proof-max-age=1h | signet.dpop.proof-max-age             | dpopProofMaxAge must be PT5S to PT10M: PT1H
      EdDSA proofs                  | signet.issuer=https://a.example,signet.audience=x,signet.dpop.algorithms=EdDSA | signet.dpop.algorithms                | dpopAlgorithms must be among
      token cache ttl of zero       | signet.issuer=https://a.example,signet.audience=x,signet.token-cache.ttl=0s   | signet.token-cache                     | tokenCache needs maxEntries >= 0 and a positive ttl
      same issuer twice             | signet.issuer=https://a.example,signet.audience=x,signet.issuers[0].issuer=https://a.example,signet.issuers[0].audience=y | signet.issuers | issuer trusted twice: https://a.example
      realm with a quote            | signet.issuer=https://a.example,signet.audience=x,signet.realm=a"b            | signet.realm                           | realm must be printable ASCII without quote or backslash
      """)
  void start_badProperty_failsNamingIt(String what, String properties, String property, String reason) {
    runner.withPropertyValues(properties.split(",")).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, e -> {
        assertThat(e.getName()).isEqualTo(property);
        assertThat(e.getReason()).contains(reason);
      });
    });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown algorithm   | signet.algorithms=HS256      | signet.algorithms
      unknown credential  | signet.routes[0].credentials=cookie | signet.routes[0].credentials
      not a duration      | signet.clock-skew=soon       | signet.clock-skew
      """)
  void start_unbindableValue_failsNamingTheProperty(String what, String property, String name) {
    runner.withPropertyValues("signet.issuer=https://a.example", "signet.audience=x", "signet.routes[0].path=/a", property).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).hasStackTraceContaining("Failed to bind properties under '" + name + "'");
    });
  }
}
