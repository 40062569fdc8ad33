import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { collectGarbage } from "./collect-garbage";

describe("collectGarbage", () => {
  it("collects an unreachable object and its buffer now, without --expose-gc on the command line", async () => {
    let target: { bytes: Buffer } | null = { bytes: Buffer.alloc(8 * 1024 * 1024) };
    const ref = new WeakRef(target);
    target = null;
    // A WeakRef keeps its target for the rest of the job that made it.
    await nextTurn();
    collectGarbage();
    expect(ref.deref()).toBeUndefined();
  });

  it("can be called again (the same gc function)", async () => {
    const ref = new WeakRef({ n: 1 });
    await nextTurn();
    collectGarbage();
    collectGarbage();
    expect(ref.deref()).toBeUndefined();
  });
});
