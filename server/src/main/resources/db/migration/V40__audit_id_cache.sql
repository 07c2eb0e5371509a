-- The audit writer inserts thousands of rows a second under load; H2 wrote its identity counter to
-- disk every 32 ids (a sixth of the server's CPU samples at 8k authentications a second). Ids are
-- only an order and a key: a crash may leave a gap of up to 4096, nothing more.
ALTER TABLE audit_log ALTER COLUMN id SET CACHE 4096;
