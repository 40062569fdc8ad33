import { AsyncLocalStorage } from "node:async_hooks";

export interface RequestContext {
  requestId: string;
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
