package dev.signet.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The master key's two text forms, and envelope sealing with it. */
class MasterKeyTest {
  static final byte[] SECRET = "-----BEGIN PRIVATE KEY-----\nnot really\n-----END PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII);
  static final byte[] CONTEXT = "row kid-1".getBytes(StandardCharsets.UTF_8);

  @Test
  void seal_thenOpenWithTheSameKeyAndContext_roundTrips() throws GeneralSecurityException {
    MasterKey key = MasterKey.parse(MasterKey.generateEncoded());

    byte[] sealed = key.seal(SECRET, CONTEXT);

    assertThat(key.open(sealed, CONTEXT)).isEqualTo(SECRET);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("PRIVATE KEY", "not really");
  }

  @Test
  void seal_twice_freshDataKeyAndNonceEachTime() {
    MasterKey key = MasterKey.parse(MasterKey.generateEncoded());

    assertThat(key.seal(SECRET, CONTEXT)).isNotEqualTo(key.seal(SECRET, CONTEXT));
  }

  @Test
  void open_anotherMasterKey_refused() {
    byte[] sealed = MasterKey.parse(MasterKey.generateEncoded()).seal(SECRET, CONTEXT);
    MasterKey other = MasterKey.parse(MasterKey.generateEncoded());

    assertThatThrownBy(() -> other.open(sealed, CONTEXT)).isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void open_anotherContextOrAChangedByte_refused() {
    MasterKey key = MasterKey.parse(MasterKey.generateEncoded());
    byte[] sealed = key.seal(SECRET, CONTEXT);
    byte[] changed = sealed.clone();
    changed[changed.length - 1] ^= 1;

    assertThatThrownBy(() -> key.open(sealed, "row kid-2".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> key.open(changed, CONTEXT)).isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void parse_base64WithWhiteSpaceOrUrlAlphabet_sameKey() throws GeneralSecurityException {
    byte[] raw = new byte[32];
    raw[0] = (byte) 0xfb; // '+' / '-' in the two alphabets
    raw[1] = (byte) 0xff;
    String standard = Base64.getEncoder().encodeToString(raw);
    String url = Base64.getUrlEncoder().encodeToString(raw);
    byte[] sealed = MasterKey.parse("  " + standard + "\n").seal(SECRET, CONTEXT);

    assertThat(MasterKey.parse(url).open(sealed, CONTEXT)).isEqualTo(SECRET);
  }

  @Test
  void parse_tinkKeyset_usable() throws GeneralSecurityException {
    String json = TinkJsonProtoKeysetFormat.serializeKeyset(
        KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get());
    MasterKey key = MasterKey.parse(json);

    assertThat(key.open(key.seal(SECRET, CONTEXT), CONTEXT)).isEqualTo(SECRET);
    assertThat(key).hasToString("MasterKey[Tink keyset]");
  }

  @Test
  void parse_notAKey_refusedWithoutQuotingIt() {
    assertThatThrownBy(() -> MasterKey.parse("hunter2 is my password"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a master key: expected 32 random bytes in base64 (openssl rand -base64 32) or a Tink AEAD keyset in JSON");
    assertThatThrownBy(() -> MasterKey.parse(Base64.getEncoder().encodeToString(new byte[16])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a master key: expected 32 random bytes in base64 (openssl rand -base64 32) or a Tink AEAD keyset in JSON;"
            + " this is base64 of 16 bytes");
    assertThatThrownBy(() -> MasterKey.parse("{\"primaryKeyId\": 1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a usable master key: ");
  }

  @Test
  void toString_showsNoKeyMaterial() {
    String encoded = MasterKey.generateEncoded();

    assertThat(MasterKey.parse(encoded).toString()).isEqualTo("MasterKey[AES-256-GCM key]").doesNotContain(encoded);
  }
}
