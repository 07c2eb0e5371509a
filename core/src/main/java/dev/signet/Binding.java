package dev.signet;

/**
 * Claims that bind a request token to one HTTP request, beyond "who": a verifier checks each one
 * present against the request, and may require some.
 */
public enum Binding {
  /** {@code htm}: the HTTP method, as in RFC 9449 (DPoP). */
  HTM("htm"),
  /** {@code htu}: the URL without query and fragment, as in RFC 9449 (DPoP). */
  HTU("htu"),
  /** {@code qsh}: Atlassian Connect's query-string hash, hex SHA-256 of {@code METHOD&path&canonical-query}. */
  QSH("qsh"),
  /** {@code bsh}: base64url SHA-256 of the request body. */
  BSH("bsh");

  private final String claim;

  Binding(String claim) {
    this.claim = claim;
  }

  /** The claim's name in the token. */
  public String claim() {
    return claim;
  }
}
