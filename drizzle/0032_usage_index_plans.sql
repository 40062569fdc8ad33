-- The usage functions only ever find rows by their keys (the key's hash, the account, the cause key, the month).
-- PL/pgSQL caches each statement's plan per session, and a pooled connection that first ran them while a table
-- was small (a fresh deployment, or before autovacuum's first ANALYZE) keeps a generic plan that scans the table,
-- a scan that grows with the table: on `npm run bench:usage` Postgres CPU per call rose from 0.6 to 3.7 ms in four
-- minutes, ledger_entries read sequentially for the replay check (docs/BENCHMARKS.md). So the entry points plan
-- with index paths only, whatever the statistics said when a plan was cached; the setting holds for the functions
-- they call. A later CREATE OR REPLACE of one of these functions must repeat this (usage-plans.int.test.ts checks).
ALTER FUNCTION khata_record_usage_with_key(jsonb, text, bigint, text, jsonb, text, jsonb) SET enable_seqscan = off;
--> statement-breakpoint
ALTER FUNCTION khata_record_usage_batch_with_key(jsonb, jsonb, text, jsonb) SET enable_seqscan = off;
--> statement-breakpoint
ALTER FUNCTION khata_record_usage(text, text, text, bigint, text, jsonb, text, jsonb) SET enable_seqscan = off;
--> statement-breakpoint
ALTER FUNCTION khata_record_usage_batch(text, text, jsonb, text, jsonb) SET enable_seqscan = off;
--> statement-breakpoint
ALTER FUNCTION khata_consume_credits(text, text, text, bigint, text, jsonb, text) SET enable_seqscan = off;
