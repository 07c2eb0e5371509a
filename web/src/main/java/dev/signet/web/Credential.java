package dev.signet.web;

/** How a caller proved who it is. */
public enum Credential {
  /** An access token in {@code Authorization: Bearer} (RFC 6750): whoever holds it may use it. */
  BEARER("Bearer"),
  /** An access token bound to a key the caller proved it holds with a {@code DPoP} proof (RFC 9449). */
  DPOP("DPoP"),
  /** A Signet request token, signed by the caller for this request ({@code Authorization: JWT}). */
  REQUEST_TOKEN("JWT");

  private final String scheme;

  Credential(String scheme) {
    this.scheme = scheme;
  }

  /** The {@code Authorization} scheme that carries it, as a challenge spells it. */
  public String scheme() {
    return scheme;
  }
}
