"use client";

export interface ApiError {
  code: string;
  message: string;
  status: number;
  details?: Record<string, unknown>;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/** Browser calls to /api/v1: JSON in, JSON out, the error envelope unwrapped into a message to show. */
export async function apiFetch<T>(
  path: string,
  init: { method?: string; body?: unknown; idempotencyKey?: string } = {},
): Promise<ApiResult<T>> {
  try {
    const response = await fetch(path, {
      method: init.method ?? "GET",
      headers: {
        accept: "application/json",
        ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
        ...(init.idempotencyKey ? { "idempotency-key": init.idempotencyKey } : {}),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      credentials: "same-origin",
    });
    const payload: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const error = (payload as { error?: ApiError } | null)?.error;
      return {
        ok: false,
        error: error ?? { code: "internal_error", message: `Request failed (${response.status}).`, status: response.status },
      };
    }
    return { ok: true, data: payload as T };
  } catch {
    return { ok: false, error: { code: "network_error", message: "Network error: check your connection and try again.", status: 0 } };
  }
}
