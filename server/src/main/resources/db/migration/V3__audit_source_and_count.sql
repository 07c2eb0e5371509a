-- Where a request came from (the peer's address, or behind a trusted proxy the client's), and how
-- many requests one entry stands for: refused unauthenticated requests are counted per source and
-- reason over an interval instead of being written one by one. Older entries stand for one each.
ALTER TABLE audit_log ADD COLUMN source VARCHAR(64);
ALTER TABLE audit_log ADD COLUMN occurrences INTEGER DEFAULT 1 NOT NULL;
