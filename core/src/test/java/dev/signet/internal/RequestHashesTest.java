package dev.signet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Atlassian Connect's query string hash against published vectors. The canonical request is
 * {@code METHOD&canonical-path&canonical-query}, hashed with SHA-256 and hex-encoded.
 */
class RequestHashesTest {

  /**
   * A qsh computed by Jira itself: the JWT Jira (dev instance, localhost:2990) put on a request to
   * an add-on, as logged in gist.github.com/moskrc/8453971 ("Verify QSH from JWT token"). The
   * token's payload is {"exp":1389874566,"sub":"admin","iss":"jira:7a3b4c77-…","qsh":"3a6f…46de",
   * "iat":1389874386}; the request carried it as the {@code jwt} query parameter, which the
   * canonical query leaves out, and its path {@code /addon/} loses the trailing slash. The
   * canonical request logged there is
   * {@code GET&/addon&cp=%2Fjira&lic=none&loc=en-US&tz=Europe%2FMoscow&user_id=admin&user_key=admin&xdm_c=channel-servlet-click-me&xdm_e=http%3A%2F%2Flocalhost%3A2990&xdm_p=1}.
   */
  @Test
  void qsh_requestJiraSigned_matchesJirasQsh() {
    URI uri = URI.create("https://addon.example.com/addon/?lic=none&tz=Europe%2FMoscow&cp=%2Fjira&user_key=admin&loc=en-US&user_id=admin"
        + "&jwt=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjEzODk4NzQ1NjYsInN1YiI6ImFkbWluIiwiaXNzIjoiamlyYTo3YTNiNGM3Ny1jZmMzLTQwNzEtYWFlNS1hODg3ZDE5N2RjOWQiLCJxc2giOiIzYTZmZjFiNjZmNjBlYjI3NWQwZTRjYjZiZTQyNjFkNWQzYjAyMTZiOTFjNThkYzY1MjQ1MDkyMjdlZjM0NmRlIiwiaWF0IjoxMzg5ODc0Mzg2fQ.WFg8X0Ngxc4bmto0PbJ5JKhbn8fAbJMvmRo35V3cL6o"
        + "&xdm_e=http%3A%2F%2Flocalhost%3A2990&xdm_c=channel-servlet-click-me&xdm_p=1");

    assertThat(RequestHashes.qsh("GET", uri)).isEqualTo("3a6ff1b66f60eb275d0e4cb6be4261d5d3b0216b91c58dc6524509227ef346de");
  }

  /**
   * Atlassian's own example in the Javadoc of {@code com.atlassian.jwt.JwtConstants.Claims.QUERY_HASH}
   * (atlassian-jwt jwt-api 3.3.2): a GET to the not-yet-percent-encoded URL
   * {@code http://localhost:2990/path/to/service?zee_last=param&repeated=parameter 1&first=param&repeated=parameter 2}
   * has the canonical request
   * {@code GET&/path/to/service&first=param&repeated=parameter%201,parameter%202&zee_last=param}.
   * Atlassian publishes no hash for it; the expected value is that string's SHA-256, computed
   * independently ({@code printf '%s' '…' | sha256sum}).
   */
  @Test
  void qsh_atlassianJavadocExample_hashOfItsCanonicalRequest() {
    String canonical = "GET&/path/to/service&first=param&repeated=parameter%201,parameter%202&zee_last=param";
    URI uri = URI.create("http://localhost:2990/path/to/service?zee_last=param&repeated=parameter%201&first=param&repeated=parameter%202");

    assertThat(sha256Hex(canonical)).isEqualTo("e52bb281606c3bd9ca16cfe96fe2df78f5d9ffa126f06befd750dfa10fa1a897");
    assertThat(RequestHashes.qsh("GET", uri)).isEqualTo("e52bb281606c3bd9ca16cfe96fe2df78f5d9ffa126f06befd750dfa10fa1a897");
  }

  /**
   * The vectors of the Go library rbriski/atlassian-jwt ({@code jwt_test.go}, "all according to
   * developer.atlassian.com/cloud/bitbucket/query-string-hash"): method, URL, canonical request
   * and qsh. They cover the empty path, sorting, the {@code jwt} parameter, {@code +} as a space,
   * {@code *}, lower-case percent-escapes and repeated parameters.
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = ' ', value = {
      "GET http://example.com/ GET&/& c88caad15a1c1a900b8ac08aa9686f4e8184539bea1deda36e2f649430df3239",
      "GET http://example.com/something GET&/something& 90b8cc6920375d6a6d133bd65be2d802a20e3544bf5704a1a80151210078798d",
      "GET http://example.com/something?simple=key GET&/something&simple=key 3c1ebfedcd634a4146672368a8bee5ae364496a7fabcbda591398c00f03771d2",
      "GET http://example.com/something?simple=key&another=one GET&/something&another=one&simple=key fc039e8c582c0ee90af182a3d29f37ecf1cb368f37b73d5fbd6c5bb66482dda9",
      "POST http://example.com/something?simple=key POST&/something&simple=key eafb48e8c78a5b09bc2ce7b0b86289ee4a7bd58179e47006d0141b33d5165af7",
      "GET http://example.com/something?jwt=ABC.DEF.GHI GET&/something& 90b8cc6920375d6a6d133bd65be2d802a20e3544bf5704a1a80151210078798d",
      "GET http://example.com/something?some+spaces+in+this+parameter=yes GET&/something&some%20spaces%20in%20this%20parameter=yes f73fed24415974607a19ddf9af6f862d9da572ed71bbeb15ae2c64c3aec95317",
      "GET http://example.com/something?connect*=yes GET&/something&connect%2A=yes 4ce3c840740a86e20beafc1d50b106996eaa844de89e879e85c92398cbfb131d",
      "GET http://example.com/something?param=some+spaces+in+this+parameter GET&/something&param=some%20spaces%20in%20this%20parameter c87337655140619583bdaa6f4cc8e67ccd1abba1c1847a67d4dc0cd817e9e38a",
      "GET http://example.com/something?param=connect* GET&/something&param=connect%2A bff97fd3522d20e35e17076bf8b586924d60c1968ecaca7e6edf5fcbdb53c444",
      "GET http://example.com/something?director=%e5%ae%ae%e5%b4%8e%20%e9%a7%bf GET&/something&director=%E5%AE%AE%E5%B4%8E%20%E9%A7%BF 459b64741b7a3f0c1fe713a4b796f3a1210402729598179b016fd97aec00b4a8",
      "GET http://example.com/something?a10=1&a1=2&b1=3&b10=4 GET&/something&a1=2&a10=1&b1=3&b10=4 31e1a2db664e96b08862145f45e290f4045fa894886afbb020e64437dabab07e",
      "GET http://example.com/something?tuples=1%2C2%2C3&tuples=6%2C5%2C4&tuples=7%2C9%2C8 GET&/something&tuples=1%2C2%2C3,6%2C5%2C4,7%2C9%2C8 4f6da3fce3772b2b1958f7b97f9f7e8e0919ffc777bb74a892418faedf2fe15b",
      "GET http://example.com/something?ids=-1&ids=1&ids=20&ids=2&ids=10 GET&/something&ids=-1,1,10,2,20 cfb9607f936f9523743b25897bd3a4ae822536fd18678b984b9dc0b31bfd8c46",
  })
  void qsh_publishedVectors_match(String method, String url, String canonical, String qsh) {
    assertThat(sha256Hex(canonical)).isEqualTo(qsh);
    assertThat(RequestHashes.qsh(method, URI.create(url))).isEqualTo(qsh);
  }

  /** Atlassian's canonical URI rules: lower-case method upper-cased, '&' in the path as %26, no trailing slash. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = ' ', value = {
      "get http://example.com/a/b/?x=1 GET&/a/b&x=1",
      "Post http://example.com POST&/&",
      "GET http://example.com/a%26b GET&/a%26b&",
      "GET http://example.com/a/?~tilde=a~b GET&/a&~tilde=a~b",
      "GET http://example.com/?flag GET&/&flag=",
      "GET http://example.com/?b=2&&a=1 GET&/&a=1&b=2",
  })
  void qsh_canonicalRequestRules_hashOfCanonicalRequest(String method, String url, String canonical) {
    assertThat(RequestHashes.qsh(method, URI.create(url))).isEqualTo(sha256Hex(canonical));
  }

  @Test
  void qsh_sha256OfFoo_matchesAtlassiansDocumentedExample() {
    // "The SHA-256 hash of "foo" is 2c26b46b…e7ae" (JwtConstants.Claims.QUERY_HASH)
    assertThat(sha256Hex("foo")).isEqualTo("2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = ' ', value = {
      "HTTPS://API.Example.COM:443/a/b?q=1#f https://api.example.com/a/b",
      "http://h:80 http://h/",
      "http://h:8080/x http://h:8080/x",
      "https://h/%7Euser https://h/%7Euser",
  })
  void htu_absoluteUrl_normalised(String url, String htu) {
    assertThat(RequestHashes.htu(URI.create(url))).isEqualTo(htu);
    assertThat(RequestHashes.normalizeHtu(url)).isEqualTo(htu);
  }

  @Test
  void normalizeHtu_relativeOrInvalid_null() {
    assertThat(RequestHashes.normalizeHtu("/orders")).isNull();
    assertThat(RequestHashes.normalizeHtu("https://[bad")).isNull();
    assertThat(RequestHashes.normalizeHtu("mailto:a@b")).isNull();
  }

  private static String sha256Hex(String s) {
    return HexFormat.of().formatHex(RequestHashes.sha256(s.getBytes(StandardCharsets.UTF_8)));
  }
}
