CREATE TABLE "account_suspensions" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"reason" text NOT NULL,
	"source" text NOT NULL,
	"suspended_by_user_id" text,
	"suspended_at" timestamp with time zone NOT NULL,
	"lifted_by_user_id" text,
	"lifted_at" timestamp with time zone,
	"lift_note" text
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "suspended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "suspension_reason" text;--> statement-breakpoint
ALTER TABLE "account_suspensions" ADD CONSTRAINT "account_suspensions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_suspensions" ADD CONSTRAINT "account_suspensions_suspended_by_user_id_users_id_fk" FOREIGN KEY ("suspended_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_suspensions" ADD CONSTRAINT "account_suspensions_lifted_by_user_id_users_id_fk" FOREIGN KEY ("lifted_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "account_suspensions_one_open" ON "account_suspensions" USING btree ("account_id") WHERE "account_suspensions"."lifted_at" is null;--> statement-breakpoint

-- The API-key gate (drizzle/0007) refuses a suspended account's key after counting its hit (so the 403 carries
-- the rate-limit headers): outcome 'suspended', which the *_with_key functions return without doing the work.
CREATE OR REPLACE FUNCTION khata_api_key_gate(p_gate jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  k record;
  v_limit int;
  v_hit jsonb;
BEGIN
  SELECT ak.id, ak.name, ak.prefix, ak.account_id, a.name AS account_name, a.plan, ak.last_used_at,
         a.suspended_at, a.suspension_reason INTO k
  FROM api_keys ak JOIN accounts a ON a.id = ak.account_id
  WHERE ak.key_hash = p_gate->>'key_hash' AND ak.revoked_at IS NULL
  LIMIT 1;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('outcome', 'invalid_key',
      'ip', khata_hit_rate_limit(p_gate->>'ip_bucket', (p_gate->>'ip_window')::int), 'ip_limit', (p_gate->>'ip_limit')::int);
  END IF;
  IF k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute' THEN
    UPDATE api_keys SET last_used_at = now()
    WHERE id = k.id AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute');
  END IF;
  v_limit := coalesce((p_gate->'plan_limits'->>k.plan)::int, (p_gate->>'default_limit')::int);
  v_hit := khata_hit_rate_limit('api_key:' || k.id, (p_gate->>'window')::int);
  RETURN jsonb_build_object(
    'outcome', CASE WHEN (v_hit->>'points')::int > v_limit THEN 'rate_limited'
                    WHEN k.suspended_at IS NOT NULL THEN 'suspended' ELSE 'ok' END,
    'key', jsonb_build_object('id', k.id, 'name', k.name, 'prefix', k.prefix, 'account_id', k.account_id,
                              'account_name', k.account_name, 'plan', k.plan,
                              'suspended_at', k.suspended_at, 'suspension_reason', k.suspension_reason),
    'limit', v_limit, 'hit', v_hit);
END
$$;
