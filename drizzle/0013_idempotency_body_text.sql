ALTER TABLE "idempotency_keys" ADD COLUMN "response_text" text;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "response_headers" jsonb;--> statement-breakpoint
-- Answers stored by the previous code (a typed outcome in response_body) become the text they were sent as, so a
-- key used just before the deploy still replays.
UPDATE "idempotency_keys" SET
  "response_text" = CASE WHEN "response_body"->>'kind' = 'ok' THEN ("response_body"->'body')::text
    ELSE jsonb_build_object('success', false, 'error', jsonb_strip_nulls(jsonb_build_object(
      'code', "response_body"->'code', 'message', "response_body"->'message', 'status', "response_status",
      'timestamp', to_char("created_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'details', "response_body"->'details')))::text END,
  "response_headers" = '{"content-type": "application/json; charset=utf-8", "cache-control": "no-store"}'::jsonb
WHERE "state" = 'done' AND "response_body" IS NOT NULL;
