/** JSON.stringify that writes bigint as a number when it is safe, else as a decimal string. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") {
      return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
    }
    return v;
  });
}

/** A plain JSON value (bigints converted as above), e.g. for a jsonb column. */
export const toJsonValue = (value: unknown): unknown => JSON.parse(toJson(value));
