ALTER TABLE "api_keys" ADD COLUMN "kind" text DEFAULT 'service' NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "user_id" text;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_one_personal" ON "api_keys" USING btree ("account_id","user_id") WHERE "api_keys"."kind" = 'personal' and "api_keys"."revoked_at" is null;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_personal_has_user" CHECK (("api_keys"."kind" = 'personal') = ("api_keys"."user_id" is not null));--> statement-breakpoint

-- Personal keys (issue 15) in the API-key gate (drizzle/0007, 0015): a personal key counts only while its user is
-- still a member of the key's account, and acts with the member's role as it is NOW (read here on every call, so a
-- role change or a removal holds at once on every instance; nothing is cached in any process). The gate answers the
-- key's kind and, for a personal key, its member; the *_with_key functions below refuse personal keys (usage writes
-- are for service keys only) after the hit is counted, like the ordinary path's api_key_not_allowed.
CREATE OR REPLACE FUNCTION khata_api_key_gate(p_gate jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  k record;
  v_limit int;
  v_hit jsonb;
BEGIN
  SELECT ak.id, ak.name, ak.prefix, ak.kind, ak.account_id, a.name AS account_name, a.plan, ak.last_used_at,
         a.suspended_at, a.suspension_reason, m.user_id, m.role, u.email AS user_email, u.name AS user_name INTO k
  FROM api_keys ak
  JOIN accounts a ON a.id = ak.account_id
  LEFT JOIN memberships m ON ak.kind = 'personal' AND m.account_id = ak.account_id AND m.user_id = ak.user_id
  LEFT JOIN users u ON u.id = m.user_id
  WHERE ak.key_hash = p_gate->>'key_hash' AND ak.revoked_at IS NULL AND (ak.kind = 'service' OR m.user_id IS NOT NULL)
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
    'key', jsonb_build_object('id', k.id, 'name', k.name, 'prefix', k.prefix, 'kind', k.kind, 'account_id', k.account_id,
                              'account_name', k.account_name, 'plan', k.plan,
                              'suspended_at', k.suspended_at, 'suspension_reason', k.suspension_reason,
                              'member', CASE WHEN k.user_id IS NULL THEN NULL ELSE
                                jsonb_build_object('user_id', k.user_id, 'role', k.role, 'email', k.user_email, 'name', k.user_name) END),
    'limit', v_limit, 'hit', v_hit);
END
$$;
--> statement-breakpoint

CREATE OR REPLACE FUNCTION khata_record_usage_with_key(
  p_gate jsonb, p_event_id text, p_credits bigint, p_description text, p_metadata jsonb, p_month text, p_events jsonb
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  g jsonb := khata_api_key_gate(p_gate);
BEGIN
  IF g->>'outcome' <> 'ok' THEN
    RETURN g;
  END IF;
  IF g->'key'->>'kind' <> 'service' THEN
    RETURN g || jsonb_build_object('outcome', 'key_not_allowed');
  END IF;
  RETURN g || jsonb_build_object('usage', khata_record_usage(g->'key'->>'account_id', g->'key'->>'id', p_event_id, p_credits,
                                                             p_description, p_metadata, p_month, p_events));
END
$$;
--> statement-breakpoint

CREATE OR REPLACE FUNCTION khata_record_usage_batch_with_key(p_gate jsonb, p_items jsonb, p_month text, p_events jsonb)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  g jsonb := khata_api_key_gate(p_gate);
BEGIN
  IF g->>'outcome' <> 'ok' THEN
    RETURN g;
  END IF;
  IF g->'key'->>'kind' <> 'service' THEN
    RETURN g || jsonb_build_object('outcome', 'key_not_allowed');
  END IF;
  RETURN g || jsonb_build_object('batch', khata_record_usage_batch(g->'key'->>'account_id', g->'key'->>'id', p_items, p_month, p_events));
END
$$;
