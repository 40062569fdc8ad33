import { AsyncLocalStorage } from "node:async_hooks";

/** Who acts in the current request, as the audit log names them (lib/audit). */
export interface RequestActor {
  kind: "user" | "api_key" | "operator" | "system";
  id: string | null;
}

export interface RequestContext {
  requestId: string;
  /** The caller's IP as the trusted proxies report it (null when unknown). */
  ip?: string | null;
  /** Set by the route wrapper once the caller is known; read by recordAudit so domain code takes no HTTP objects. */
  actor?: RequestActor;
}

// One store per process, even when dev hot reload evaluates this module again.
const globalForContext = globalThis as unknown as { __khataRequestContext?: AsyncLocalStorage<RequestContext> };
const storage = (globalForContext.__khataRequestContext ??= new AsyncLocalStorage<RequestContext>());

/** Runs `fn` with `context` visible to every log line written inside it, however deep the call. */
export function withRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Adds what the wrapper learns as it goes (the IP, then the caller) to the current request (no-op outside one). */
export function annotateRequest(fields: Pick<RequestContext, "ip" | "actor">): void {
  const store = storage.getStore();
  if (store) Object.assign(store, fields);
}
