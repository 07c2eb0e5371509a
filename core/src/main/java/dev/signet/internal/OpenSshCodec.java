package dev.signet.internal;

import dev.signet.UnusableKeyException;
import java.io.IOException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.jspecify.annotations.Nullable;

/**
 * OpenSSH public keys, one {@code authorized_keys} line: {@code [options] type base64 [comment]}.
 * The comment becomes the key's label.
 *
 * <p>The line is split by hand in one left-to-right pass, as OpenSSH's own reader does: the key
 * type first, or else one options field (commas and double-quoted strings, which may hold blanks)
 * and then the type; then blanks (space or tab), the base64 blob, blanks, and the comment. No
 * regular expression runs on the text. Lines over {@value #MAX_LINE_CHARS} characters are refused
 * before the scan: an 8192-bit RSA key is about 1,400 characters of base64, and the rest leaves
 * room for options and a comment. The blob must be canonical base64 (one key, one spelling).
 */
public final class OpenSshCodec {
  public static final int MAX_LINE_CHARS = 8 * 1024;
  private static final List<String> TYPES =
      List.of("ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521");

  private OpenSshCodec() {}

  /** The fields of a line. */
  private record Line(String type, String base64, @Nullable String comment) {}

  /** Whether the text is one line holding a key type Signet reads, followed by base64. */
  public static boolean looksLikeOpenSsh(String text) {
    return text.length() <= MAX_LINE_CHARS && split(text) != null;
  }

  public static KeyMaterial read(String text) {
    if (text.length() > MAX_LINE_CHARS) {
      throw new UnusableKeyException(
          "an OpenSSH key line is at most " + MAX_LINE_CHARS + " characters; this text has " + text.length());
    }
    Line line = split(text);
    if (line == null) {
      throw new UnusableKeyException("not an OpenSSH public key line (expected one of " + TYPES + ")");
    }
    try {
      byte[] blob = Base64.getDecoder().decode(line.base64());
      if (!Base64.getEncoder().encodeToString(blob).equals(line.base64())) {
        throw new UnusableKeyException("the OpenSSH " + line.type() + " key's base64 is not in its canonical form");
      }
      AsymmetricKeyParameter parameter = OpenSSHPublicKeyUtil.parsePublicKey(blob);
      PublicKey key =
          new JcaPEMKeyConverter()
              .getPublicKey(SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(parameter));
      if (!typeOf(key).equals(line.type())) {
        throw new UnusableKeyException(
            "OpenSSH key says '" + line.type() + "' but the key inside is " + typeOf(key));
      }
      return new KeyMaterial(key, null, null, null, line.comment());
    } catch (UnusableKeyException e) {
      throw e;
    } catch (IOException | RuntimeException e) { // BouncyCastle throws NPE for an unknown ECDSA curve name
      throw new UnusableKeyException("not a readable OpenSSH " + line.type() + " key", e);
    }
  }

  /** The fields, or null when the text is not one line of (options,) a known type and base64. */
  private static @Nullable Line split(String text) {
    String line = text.strip();
    if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
      return null;
    }
    int typeStart = 0;
    if (!TYPES.contains(line.substring(0, tokenEnd(line, 0)))) {
      int optionsEnd = optionsEnd(line);
      if (optionsEnd < 0) {
        return null;
      }
      typeStart = skipBlanks(line, optionsEnd);
    }
    int typeEnd = tokenEnd(line, typeStart);
    String type = line.substring(typeStart, typeEnd);
    int blobStart = skipBlanks(line, typeEnd);
    if (!TYPES.contains(type) || blobStart == typeEnd) {
      return null;
    }
    int blobEnd = tokenEnd(line, blobStart);
    String base64 = line.substring(blobStart, blobEnd);
    if (!isBase64(base64)) {
      return null;
    }
    String comment = line.substring(skipBlanks(line, blobEnd)).strip();
    return new Line(type, base64, comment.isEmpty() ? null : comment);
  }

  /** The end of the options field: the first blank outside double quotes ({@code \"} escapes a quote); -1 if a quote is open. */
  private static int optionsEnd(String line) {
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && isBlank(c)) {
        return i;
      }
    }
    return quoted ? -1 : line.length();
  }

  private static int tokenEnd(String line, int from) {
    int i = from;
    while (i < line.length() && !isBlank(line.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int skipBlanks(String line, int from) {
    int i = from;
    while (i < line.length() && isBlank(line.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  /** The standard alphabet, then at most two '=' at the end. */
  private static boolean isBase64(String s) {
    int end = s.length();
    while (end > 0 && s.length() - end < 2 && s.charAt(end - 1) == '=') {
      end--;
    }
    if (end == 0) {
      return false;
    }
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/')) {
        return false;
      }
    }
    return true;
  }

  public static String write(PublicKey key, @Nullable String comment) {
    try {
      byte[] blob = OpenSSHPublicKeyUtil.encodePublicKey(PublicKeyFactory.createKey(key.getEncoded()));
      String line = typeOf(key) + " " + Base64.getEncoder().encodeToString(blob);
      return comment == null || comment.isBlank() ? line : line + " " + comment;
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode " + key.getAlgorithm() + " key for OpenSSH", e);
    }
  }

  private static String typeOf(PublicKey key) {
    return switch (key.getAlgorithm()) {
      case "RSA" -> "ssh-rsa";
      case "EdDSA", "Ed25519" -> "ssh-ed25519";
      case "EC" -> "ecdsa-sha2-nistp" + ((ECPublicKey) key).getParams().getCurve().getField().getFieldSize();
      default -> throw new UnusableKeyException("no OpenSSH form for " + key.getAlgorithm() + " keys");
    };
  }
}
