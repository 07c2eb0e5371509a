package dev.signet.internal;

import dev.signet.UnusableKeyException;
import java.io.IOException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.jspecify.annotations.Nullable;

/**
 * OpenSSH public keys, one {@code authorized_keys} line: {@code [options] type base64 [comment]}.
 * The comment becomes the key's label.
 */
public final class OpenSshCodec {
  private static final List<String> TYPES =
      List.of("ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521");
  private static final Pattern LINE =
      Pattern.compile("(?:^|\\s)(" + String.join("|", TYPES) + ")\\s+([A-Za-z0-9+/]+={0,2})(?:\\s+(.*))?$");

  private OpenSshCodec() {}

  public static boolean looksLikeOpenSsh(String text) {
    String trimmed = text.strip();
    return !trimmed.contains("\n") && LINE.matcher(trimmed).find();
  }

  public static KeyMaterial read(String line) {
    Matcher m = LINE.matcher(line.strip());
    if (!m.find()) {
      throw new UnusableKeyException("not an OpenSSH public key line (expected one of " + TYPES + ")");
    }
    try {
      byte[] blob = Base64.getDecoder().decode(m.group(2));
      AsymmetricKeyParameter parameter = OpenSSHPublicKeyUtil.parsePublicKey(blob);
      PublicKey key =
          new JcaPEMKeyConverter()
              .getPublicKey(SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(parameter));
      if (!typeOf(key).equals(m.group(1))) {
        throw new UnusableKeyException(
            "OpenSSH key says '" + m.group(1) + "' but the key inside is " + typeOf(key));
      }
      return new KeyMaterial(key, null, null, null, comment(m.group(3)));
    } catch (UnusableKeyException e) {
      throw e;
    } catch (IOException | RuntimeException e) { // BouncyCastle throws NPE for an unknown ECDSA curve name
      throw new UnusableKeyException("not a readable OpenSSH " + m.group(1) + " key", e);
    }
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

  private static @Nullable String comment(@Nullable String raw) {
    return raw == null || raw.isBlank() ? null : raw.strip();
  }
}
