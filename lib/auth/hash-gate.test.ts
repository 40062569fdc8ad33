import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { AppError } from "@/lib/errors";
import { createHashGate, hashGateOptionsFromEnv } from "./hash-gate";

/** A piece of work that finishes only when the test says so. */
function gated() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let started = false;
  return {
    work: async () => {
      started = true;
      await opened;
      return "done";
    },
    open: () => open(),
    started: () => started,
  };
}

const refusedCode = async (p: Promise<unknown>) => {
  try {
    await p;
    return "not refused";
  } catch (error) {
    return error instanceof AppError ? `${error.code}/${error.retryAfterSeconds}` : String(error);
  }
};

describe("password hash gate", () => {
  it("runs `concurrency` at once, queues `queue` more in order, and refuses the rest with 429 too_many_requests", async () => {
    const gate = createHashGate({ concurrency: 2, queue: 1, perClient: 1 });
    const [a, b, c] = [gated(), gated(), gated()];
    const pa = gate.run(a.work);
    const pb = gate.run(b.work);
    const pc = gate.run(c.work);
    await Promise.resolve();
    expect([a.started(), b.started(), c.started()]).toEqual([true, true, false]);
    expect(gate.load()).toEqual({ running: 2, waiting: 1 });
    expect(await refusedCode(gate.run(async () => "x"))).toBe("too_many_requests/1");

    a.open();
    expect(await pa).toBe("done");
    await Promise.resolve();
    expect(c.started()).toBe(true);
    expect(gate.load()).toEqual({ running: 2, waiting: 0 });
    b.open();
    c.open();
    expect(await Promise.all([pb, pc])).toEqual(["done", "done"]);
    expect(gate.load()).toEqual({ running: 0, waiting: 0 });
  });

  it("a known client holds one place at most, so others still get a slot; unknown callers only meet the global cap", async () => {
    const gate = createHashGate({ concurrency: 2, queue: 2, perClient: 1 });
    const attacker = gated();
    const first = gate.run(attacker.work, { clientKey: "203.0.113.66" });
    expect(await refusedCode(gate.run(async () => "x", { clientKey: "203.0.113.66" }))).toBe("too_many_requests/1");
    expect(await gate.run(async () => "legit", { clientKey: "198.51.100.7" })).toBe("legit");
    const direct = [gated(), gated()];
    const runs = direct.map((d) => gate.run(d.work));
    await Promise.resolve();
    expect(gate.load()).toEqual({ running: 2, waiting: 1 });
    attacker.open();
    direct.forEach((d) => d.open());
    await Promise.all([first, ...runs]);
    expect(await gate.run(async () => "again", { clientKey: "203.0.113.66" })).toBe("again");
  });

  it("frees the place when the work fails", async () => {
    const gate = createHashGate({ concurrency: 1, queue: 0, perClient: 1 });
    await expect(gate.run(async () => Promise.reject(new Error("boom")), { clientKey: "k" })).rejects.toThrow("boom");
    expect(await gate.run(async () => 1, { clientKey: "k" })).toBe(1);
    expect(gate.load()).toEqual({ running: 0, waiting: 0 });
  });

  it("defaults: CPUs capped at 4, queue twice that; the env can set both", () => {
    expect(hashGateOptionsFromEnv(parseEnv({}), 2)).toEqual({ concurrency: 2, queue: 4, perClient: 1 });
    expect(hashGateOptionsFromEnv(parseEnv({}), 32)).toMatchObject({ concurrency: 4, queue: 8 });
    expect(hashGateOptionsFromEnv(parseEnv({ PASSWORD_HASH_CONCURRENCY: "3", PASSWORD_HASH_QUEUE: "0" }), 2)).toMatchObject({ concurrency: 3, queue: 0 });
  });
});
