/**
 * The IRP's INV-01 JSON schema (version 1.1) as ajv can read it. `schema/einvoice-schema-v1.1.json` is the published
 * file, unchanged (see schema/README.md); it is not a well-formed JSON Schema as published, so this derives one from
 * it mechanically, rule by rule, without adding or loosening any constraint of its own:
 *   1. the root's sections (Version … EwbDtls) are its `properties` (published at the root itself);
 *   2. a section or field published as `[ {…} ]` is an array of `{…}` (ItemList, AttribDtls, PrecDocDtls, …);
 *   3. keys and string values are trimmed ("AddlDocDtls ", "type ": "object ", " InvStDt ");
 *   4. type names are lower-cased ("String" → "string", " number" → "number");
 *   5. a leading inline flag `(?i)` is dropped from patterns (JavaScript has no inline flags; the enums next to
 *      those patterns are upper case and stay as they are, so nothing is loosened);
 *   6. a `required` list published inside `properties` (RefDtls) is dropped, as no validator could apply it there.
 */
import published from "./schema/einvoice-schema-v1.1.json";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function normalise(node: Json, inProperties = false): Json {
  if (Array.isArray(node)) {
    if (node.length === 1 && node[0] !== null && typeof node[0] === "object" && !Array.isArray(node[0])) {
      return { type: "array", items: normalise(node[0]) };
    }
    return node.map((v) => (typeof v === "string" ? v.trim() : normalise(v)));
  }
  if (node === null || typeof node !== "object") return typeof node === "string" ? node.trim() : node;
  const out: { [key: string]: Json } = {};
  for (const [rawKey, value] of Object.entries(node)) {
    const key = rawKey.trim();
    if (inProperties && key === "required" && Array.isArray(value)) continue;
    if (key === "type" && typeof value === "string") out.type = value.trim().toLowerCase();
    else if (key === "pattern" && typeof value === "string") out.pattern = value.replace(/^\(\?i\)/, "");
    else out[key] = normalise(value, key === "properties");
  }
  return out;
}

const META = new Set(["$schema", "Title", "Description", "required"]);

/** The published schema as a draft-07 JSON Schema (see the rules above). */
export function inv01JsonSchema(): Record<string, unknown> {
  const root = published as unknown as Record<string, Json>;
  const properties: Record<string, Json> = {};
  for (const [key, value] of Object.entries(root)) if (!META.has(key)) properties[key.trim()] = normalise(value);
  return { $schema: "http://json-schema.org/draft-07/schema#", type: "object", properties, required: root.required as Json };
}
