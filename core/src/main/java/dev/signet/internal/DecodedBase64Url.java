package dev.signet.internal;

import com.nimbusds.jose.util.Base64URL;

/**
 * A base64url value that was decoded once, up front, by the JDK's decoder. Nimbus' verifiers call
 * {@link #decode()} on the signature, and Nimbus' own decoder (constant-time, which public
 * signature bytes do not need) was the largest Java-side cost of a verify: an RS256 signature is
 * 342 characters. {@link ParsedJws} refuses what the JDK's strict decoder refuses, and for
 * valid base64url both decoders give the same bytes.
 */
final class DecodedBase64Url extends Base64URL {
  private static final long serialVersionUID = 1L;
  private final byte[] decoded;

  DecodedBase64Url(String encoded, byte[] decoded) {
    super(encoded);
    this.decoded = decoded; // ParsedJws hands over its array
  }

  @Override
  public byte[] decode() {
    return decoded.clone();
  }
}
