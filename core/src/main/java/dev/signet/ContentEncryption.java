package dev.signet;

import java.util.Optional;

/**
 * The JWE content-encryption algorithms ({@code enc}, RFC 7518 §5). {@link #A256GCM} is the
 * default when Signet encrypts; all of them are accepted when it decrypts (node-jose encrypts
 * with {@link #A128CBC_HS256} unless told otherwise). The CBC forms authenticate before they
 * decrypt, so a bad padding and a bad tag fail alike.
 */
public enum ContentEncryption {
  A128GCM("A128GCM"),
  A192GCM("A192GCM"),
  A256GCM("A256GCM"),
  A128CBC_HS256("A128CBC-HS256"),
  A192CBC_HS384("A192CBC-HS384"),
  A256CBC_HS512("A256CBC-HS512");

  private final String joseName;

  ContentEncryption(String joseName) {
    this.joseName = joseName;
  }

  /** The {@code enc} value, as RFC 7518 spells it. */
  public String joseName() {
    return joseName;
  }

  /** The method named exactly {@code name}; empty for unknown names. */
  public static Optional<ContentEncryption> fromJoseName(String name) {
    for (ContentEncryption c : values()) {
      if (c.joseName.equals(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return joseName;
  }
}
