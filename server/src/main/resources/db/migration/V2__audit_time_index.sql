-- GET /admin/audit without a principal reads the newest entries of all: by time alone.
CREATE INDEX ix_audit_log_occurred_at ON audit_log (occurred_at);
