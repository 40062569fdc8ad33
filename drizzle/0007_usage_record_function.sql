-- Usage in one round trip (issue 12): the consumption rule, the usage events it causes, and the API-key gate
-- (key by hash, last use, per-key limit, invalid-key per-IP limit) as SQL functions, so a POST /api/v1/usage with
-- an API key is ONE statement. lib/usage/record-usage.ts and lib/credits/consume-credits.ts are their only
-- callers and hold the JS side of the contract (messages, constants, result shapes). Every function answers
-- refusals as values, never by raising, so the hits it counted (rate limits, last use) commit like before.

-- A bigint in a JSON payload as lib/json's toJson writes it: a number when it is a safe integer, else a string.
CREATE OR REPLACE FUNCTION khata_json_bigint(v bigint) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN v IS NULL THEN 'null'::jsonb WHEN abs(v) <= 9007199254740991 THEN to_jsonb(v) ELSE to_jsonb(v::text) END
$$;
--> statement-breakpoint

-- lib/rate-limit/hit-rate-limit.ts's fixed-window counter, for the functions below (same statement, same bucket rows).
CREATE OR REPLACE FUNCTION khata_hit_rate_limit(p_key text, p_window_seconds int) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_points int;
  v_expires timestamptz;
BEGIN
  INSERT INTO rate_limit_buckets AS b (key, points, expires_at)
  VALUES (p_key, 1, now() + make_interval(secs => p_window_seconds))
  ON CONFLICT (key) DO UPDATE SET
    points = CASE WHEN b.expires_at <= now() THEN 1 ELSE b.points + 1 END,
    expires_at = CASE WHEN b.expires_at <= now() THEN excluded.expires_at ELSE b.expires_at END
  RETURNING b.points, b.expires_at INTO v_points, v_expires;
  RETURN jsonb_build_object('points', v_points, 'expires_at', v_expires::text, 'now', now()::text);
END
$$;
--> statement-breakpoint

-- An outbox event and its fan-out job (lib/outbound-webhooks/enqueue-event.ts): nothing when the cause key exists.
CREATE OR REPLACE FUNCTION khata_enqueue_event(p_id text, p_account_id text, p_type text, p_cause_key text, p_fields jsonb, p_timestamp text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO outbox_events (id, account_id, event_type, cause_key, payload)
  VALUES (p_id, p_account_id, p_type, p_cause_key,
          p_fields || jsonb_build_object('id', p_id, 'event', p_type, 'account_id', p_account_id, 'timestamp', p_timestamp))
  ON CONFLICT (cause_key) DO NOTHING;
  IF FOUND THEN
    PERFORM graphile_worker.add_job(identifier => 'fan-out-webhook-event', payload => json_build_object('eventId', p_id),
                                    job_key => 'fan-out-webhook-event:' || p_id);
  END IF;
END
$$;
--> statement-breakpoint

-- The consumption rule (was consumeCreditsInTx): lock the account, replay an existing cause key, refuse over the
-- monthly cap then over the balance (writing nothing), else the ledger entry, the balance and the month's usage.
-- {outcome: consumed|replayed, entry: {...}, threshold} | {outcome: budget_exceeded|insufficient_balance, balance,
-- limit, used} | {outcome: no_account}. Bigints travel as text.
CREATE OR REPLACE FUNCTION khata_consume_credits(
  p_account_id text, p_api_key_id text, p_event_id text, p_credits bigint, p_description text, p_metadata jsonb, p_month text
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_cause text := 'usage:' || p_account_id || ':' || p_event_id;
  v_balance bigint;
  v_limit bigint;
  v_threshold bigint;
  v_used bigint;
  e ledger_entries%ROWTYPE;
  v_outcome text := 'replayed';
BEGIN
  SELECT credit_balance, monthly_budget_credits, low_balance_threshold_credits INTO v_balance, v_limit, v_threshold
  FROM accounts WHERE id = p_account_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('outcome', 'no_account');
  END IF;
  SELECT * INTO e FROM ledger_entries WHERE cause_key = v_cause LIMIT 1;
  IF NOT FOUND THEN
    SELECT used_credits INTO v_used FROM monthly_usage WHERE account_id = p_account_id AND month = p_month;
    v_used := coalesce(v_used, 0);
    IF v_limit IS NOT NULL AND v_used + p_credits > v_limit THEN
      RETURN jsonb_build_object('outcome', 'budget_exceeded', 'balance', v_balance::text, 'limit', v_limit::text, 'used', v_used::text);
    END IF;
    IF v_balance < p_credits THEN
      RETURN jsonb_build_object('outcome', 'insufficient_balance', 'balance', v_balance::text, 'limit', v_limit::text, 'used', v_used::text);
    END IF;
    INSERT INTO ledger_entries (account_id, kind, amount_credits, balance_after_credits, cause_key, api_key_id, description, metadata)
    VALUES (p_account_id, 'usage', -p_credits, v_balance - p_credits, v_cause, p_api_key_id, coalesce(p_description, 'Usage'),
            coalesce(p_metadata, '{}'::jsonb)
              || jsonb_build_object('month', p_month, 'used_after', (v_used + p_credits)::text, 'limit', v_limit::text))
    RETURNING * INTO e;
    UPDATE accounts SET credit_balance = credit_balance - p_credits WHERE id = p_account_id;
    INSERT INTO monthly_usage AS m (account_id, month, used_credits) VALUES (p_account_id, p_month, p_credits)
    ON CONFLICT (account_id, month) DO UPDATE SET used_credits = m.used_credits + excluded.used_credits;
    v_outcome := 'consumed';
  END IF;
  RETURN jsonb_build_object(
    'outcome', v_outcome,
    'threshold', v_threshold::text,
    'entry', jsonb_build_object('id', e.id::text, 'amount', e.amount_credits::text, 'balance_after', e.balance_after_credits::text,
                                'metadata', e.metadata, 'created_at', e.created_at::text));
END
$$;
--> statement-breakpoint

-- One usage event (lib/usage/record-usage.ts): the rule, plus `credits.low` in the same transaction when this
-- consumption crossed the threshold, plus `budget.exceeded` (best effort, once per account, month and cap) when
-- refused for the cap. p_events: {low_id, budget_id, timestamp, default_threshold} prepared by the caller.
CREATE OR REPLACE FUNCTION khata_record_usage(
  p_account_id text, p_api_key_id text, p_event_id text, p_credits bigint, p_description text, p_metadata jsonb, p_month text,
  p_events jsonb
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  r jsonb := khata_consume_credits(p_account_id, p_api_key_id, p_event_id, p_credits, p_description, p_metadata, p_month);
  v_threshold bigint;
  v_after bigint;
BEGIN
  IF r->>'outcome' = 'consumed' THEN
    v_threshold := coalesce((r->>'threshold')::bigint, (p_events->>'default_threshold')::bigint);
    v_after := (r->'entry'->>'balance_after')::bigint;
    IF v_after + p_credits > v_threshold AND v_after <= v_threshold THEN
      PERFORM khata_enqueue_event(p_events->>'low_id', p_account_id, 'credits.low',
        'credits.low:' || p_account_id || ':' || (r->'entry'->>'id'),
        jsonb_build_object('amount', khata_json_bigint(v_after), 'currency', 'INR', 'status', 'low',
                           'balance_credits', khata_json_bigint(v_after), 'threshold_credits', khata_json_bigint(v_threshold),
                           'api_key_id', p_api_key_id, 'usage_event_id', p_event_id),
        p_events->>'timestamp');
    END IF;
  ELSIF r->>'outcome' = 'budget_exceeded' THEN
    BEGIN -- the refusal stands even if the notification cannot be written
      PERFORM khata_enqueue_event(p_events->>'budget_id', p_account_id, 'budget.exceeded',
        'budget.exceeded:' || p_account_id || ':' || p_month || ':' || (r->>'limit'),
        jsonb_build_object('amount', khata_json_bigint(p_credits), 'currency', 'INR', 'status', 'refused', 'month', p_month,
                           'cap_credits', khata_json_bigint((r->>'limit')::bigint), 'used_credits', khata_json_bigint((r->>'used')::bigint),
                           'balance_credits', khata_json_bigint((r->>'balance')::bigint), 'api_key_id', p_api_key_id,
                           'usage_event_id', p_event_id),
        p_events->>'timestamp');
    EXCEPTION WHEN OTHERS THEN
      r := r || jsonb_build_object('budget_event_error', SQLERRM);
    END;
  END IF;
  RETURN r;
END
$$;
--> statement-breakpoint

-- Up to 1,000 events under one account lock (lib/usage/record-usage-batch.ts): each judged on its own, a refusal
-- does not stop the others, at most one `credits.low` (the balance only falls) and one `budget.exceeded` (the
-- first cap refusal's numbers, in the batch's transaction). p_items: [{event_id, credits, description, metadata}].
-- {items: [...each khata_consume_credits answer...], balance}.
CREATE OR REPLACE FUNCTION khata_record_usage_batch(
  p_account_id text, p_api_key_id text, p_items jsonb, p_month text, p_events jsonb
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_threshold bigint;
  v_found boolean;
  item jsonb;
  r jsonb;
  v_after bigint;
  v_credits bigint;
  v_results jsonb := '[]'::jsonb;
  v_budget jsonb;
  v_balance bigint;
BEGIN
  SELECT low_balance_threshold_credits, true INTO v_threshold, v_found FROM accounts WHERE id = p_account_id FOR UPDATE;
  IF v_found IS NULL THEN
    RETURN jsonb_build_object('outcome', 'no_account');
  END IF;
  v_threshold := coalesce(v_threshold, (p_events->>'default_threshold')::bigint);
  FOR item IN SELECT value FROM jsonb_array_elements(p_items) LOOP
    v_credits := (item->>'credits')::bigint;
    r := khata_consume_credits(p_account_id, p_api_key_id, item->>'event_id', v_credits, item->>'description', item->'metadata', p_month);
    IF r->>'outcome' = 'consumed' THEN
      v_after := (r->'entry'->>'balance_after')::bigint;
      IF v_after + v_credits > v_threshold AND v_after <= v_threshold THEN
        PERFORM khata_enqueue_event(p_events->>'low_id', p_account_id, 'credits.low',
          'credits.low:' || p_account_id || ':' || (r->'entry'->>'id'),
          jsonb_build_object('amount', khata_json_bigint(v_after), 'currency', 'INR', 'status', 'low',
                             'balance_credits', khata_json_bigint(v_after), 'threshold_credits', khata_json_bigint(v_threshold),
                             'api_key_id', p_api_key_id, 'usage_event_id', item->>'event_id'),
          p_events->>'timestamp');
      END IF;
    ELSIF r->>'outcome' = 'budget_exceeded' AND v_budget IS NULL THEN
      v_budget := r || jsonb_build_object('event_id', item->>'event_id', 'credits', v_credits);
    END IF;
    v_results := v_results || jsonb_build_array(r - 'threshold');
  END LOOP;
  IF v_budget IS NOT NULL THEN
    PERFORM khata_enqueue_event(p_events->>'budget_id', p_account_id, 'budget.exceeded',
      'budget.exceeded:' || p_account_id || ':' || p_month || ':' || (v_budget->>'limit'),
      jsonb_build_object('amount', khata_json_bigint((v_budget->>'credits')::bigint), 'currency', 'INR', 'status', 'refused', 'month', p_month,
                         'cap_credits', khata_json_bigint((v_budget->>'limit')::bigint), 'used_credits', khata_json_bigint((v_budget->>'used')::bigint),
                         'balance_credits', khata_json_bigint((v_budget->>'balance')::bigint), 'api_key_id', p_api_key_id,
                         'usage_event_id', v_budget->>'event_id'),
      p_events->>'timestamp');
  END IF;
  SELECT credit_balance INTO v_balance FROM accounts WHERE id = p_account_id;
  RETURN jsonb_build_object('outcome', 'done', 'items', v_results, 'balance', v_balance::text);
END
$$;
--> statement-breakpoint

-- The API-key gate (lib/api/steps/resolve-actor.ts + rate-limit.ts in one step): the key by its hash (revoked keys
-- match nothing, so a revoked or regenerated key fails at once), its last use at most once a minute, and one hit
-- on its per-minute bucket. p_gate: {key_hash (null for a malformed key), ip_bucket, ip_limit, ip_window,
-- plan_limits {plan: per minute}, default_limit, window}.
-- {outcome: invalid_key, ip: hit} | {outcome: rate_limited|ok, key: {...}, limit, hit}.
CREATE OR REPLACE FUNCTION khata_api_key_gate(p_gate jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  k record;
  v_limit int;
  v_hit jsonb;
BEGIN
  SELECT ak.id, ak.name, ak.prefix, ak.account_id, a.name AS account_name, a.plan, ak.last_used_at INTO k
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
    'outcome', CASE WHEN (v_hit->>'points')::int <= v_limit THEN 'ok' ELSE 'rate_limited' END,
    'key', jsonb_build_object('id', k.id, 'name', k.name, 'prefix', k.prefix, 'account_id', k.account_id,
                              'account_name', k.account_name, 'plan', k.plan),
    'limit', v_limit, 'hit', v_hit);
END
$$;
--> statement-breakpoint

-- POST /api/v1/usage with an API key, in one statement: the gate, then (when it lets the call through) the event.
CREATE OR REPLACE FUNCTION khata_record_usage_with_key(
  p_gate jsonb, p_event_id text, p_credits bigint, p_description text, p_metadata jsonb, p_month text, p_events jsonb
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  g jsonb := khata_api_key_gate(p_gate);
BEGIN
  IF g->>'outcome' <> 'ok' THEN
    RETURN g;
  END IF;
  RETURN g || jsonb_build_object('usage', khata_record_usage(g->'key'->>'account_id', g->'key'->>'id', p_event_id, p_credits,
                                                             p_description, p_metadata, p_month, p_events));
END
$$;
--> statement-breakpoint

-- POST /api/v1/usage/batch with an API key, in one statement.
CREATE OR REPLACE FUNCTION khata_record_usage_batch_with_key(p_gate jsonb, p_items jsonb, p_month text, p_events jsonb)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  g jsonb := khata_api_key_gate(p_gate);
BEGIN
  IF g->>'outcome' <> 'ok' THEN
    RETURN g;
  END IF;
  RETURN g || jsonb_build_object('batch', khata_record_usage_batch(g->'key'->>'account_id', g->'key'->>'id', p_items, p_month, p_events));
END
$$;
