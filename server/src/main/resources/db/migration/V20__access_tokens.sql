-- Access tokens (RFC 9068) are not stored: they verify against the server's published keys. What
-- is stored is what overrides a valid signature: revocations (RFC 7009), one row per revoked jti,
-- kept until the token's exp (after which the token is refused as expired anyway), and a
-- principal's requirement that its access tokens be DPoP-bound (RFC 9449 §5.2).

CREATE TABLE revoked_tokens (
  jti        VARCHAR(256) NOT NULL,
  principal  VARCHAR(64)  NOT NULL,  -- the token's sub (no foreign key: a deleted principal's revocations stay)
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked_at TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked_by VARCHAR(64)  NOT NULL,
  CONSTRAINT pk_revoked_tokens PRIMARY KEY (jti)
);
CREATE INDEX ix_revoked_tokens_expires ON revoked_tokens (expires_at);

ALTER TABLE principals ADD COLUMN dpop_required BOOLEAN DEFAULT FALSE NOT NULL;
