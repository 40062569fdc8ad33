-- Auto top-up (lib/auto-top-up): a usage debit that takes the balance from at or above the account's auto top-up
-- threshold to below it, with auto top-up on, enqueues ONE `auto-top-up` job (job key per account; a waiting one
-- keeps its run time). Nothing is charged here: the job re-checks everything under the settings row's lock. One
-- primary-key lookup per consumed event, in the same statement; a crossing is one add_job.
CREATE OR REPLACE FUNCTION khata_auto_top_up_check(p_account_id text, p_before bigint, p_after bigint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_after < p_before AND EXISTS (
    SELECT 1 FROM auto_top_up_settings s
    WHERE s.account_id = p_account_id AND s.enabled AND p_before >= s.threshold_credits AND p_after < s.threshold_credits
  ) THEN
    PERFORM graphile_worker.add_job(identifier => 'auto-top-up', payload => json_build_object('accountId', p_account_id),
                                    job_key => 'auto-top-up:' || p_account_id, job_key_mode => 'preserve_run_at');
  END IF;
END
$$;
--> statement-breakpoint

-- khata_record_usage as in 0007, plus the auto top-up check after a consumption.
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
    PERFORM khata_auto_top_up_check(p_account_id, v_after + p_credits, v_after);
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

-- khata_record_usage_batch as in 0007, plus one auto top-up check for the whole batch (balance before → after).
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
  v_start bigint;
BEGIN
  SELECT low_balance_threshold_credits, true, credit_balance INTO v_threshold, v_found, v_start FROM accounts WHERE id = p_account_id FOR UPDATE;
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
  PERFORM khata_auto_top_up_check(p_account_id, v_start, v_balance);
  RETURN jsonb_build_object('outcome', 'done', 'items', v_results, 'balance', v_balance::text);
END
$$;
