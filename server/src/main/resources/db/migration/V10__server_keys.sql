-- The server's own keys (SPEC §4): signing keys ('sig'), and encryption keys ('enc') to come, each
-- through one life derived from these times (see KeyTimeline): published from created_at, in use
-- from activates_at until the next key's activation or retired_at, published until a retention
-- after that, or until unpublish_at (a compromised key). The private half is sealed under the
-- master key (envelope encryption, Tink): the database alone holds no private key in clear.

CREATE TABLE server_keys (
  kid                VARCHAR(64)    NOT NULL,  -- RFC 7638 SHA-256 thumbprint, base64url
  key_use            VARCHAR(3)     NOT NULL,  -- JWK "use": sig or enc
  alg                VARCHAR(16)    NOT NULL,
  public_jwk         VARCHAR(8192)  NOT NULL,
  sealed_private_key VARCHAR(16384) NOT NULL,  -- base64 of the envelope: wrapped data key + AES-GCM of the PKCS#8
  created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  activates_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  retired_at         TIMESTAMP WITH TIME ZONE,
  unpublish_at       TIMESTAMP WITH TIME ZONE,
  created_by         VARCHAR(64),              -- NULL: the server itself (first start, schedule)
  CONSTRAINT pk_server_keys PRIMARY KEY (kid),
  CONSTRAINT ck_server_keys_use CHECK (key_use IN ('sig', 'enc')),
  CONSTRAINT ck_server_keys_times CHECK (activates_at >= created_at
      AND (retired_at IS NULL OR retired_at >= created_at)
      AND (unpublish_at IS NULL OR unpublish_at >= created_at))
);
CREATE INDEX ix_server_keys_use ON server_keys (key_use, activates_at);

-- One row per key use, locked (SELECT … FOR UPDATE) by whoever adds or retires keys of that use,
-- so that instances sharing the database never rotate twice.
CREATE TABLE server_key_locks (
  key_use VARCHAR(3) NOT NULL,
  CONSTRAINT pk_server_key_locks PRIMARY KEY (key_use)
);
INSERT INTO server_key_locks (key_use) VALUES ('sig');
INSERT INTO server_key_locks (key_use) VALUES ('enc');
