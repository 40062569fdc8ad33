import { describe, expect, it } from "vitest";
import { etagOf, ifNoneMatchMatches, ifNoneMatchShas } from "./etag";

const sha = "a".repeat(64);
const other = "b".repeat(64);

describe("rendering ETags", () => {
  it("is the quoted sha256", () => {
    expect(etagOf(sha)).toBe(`"${sha}"`);
  });

  it("reads If-None-Match: exact, weak, lists, *; ignores what is not one of ours", () => {
    expect(ifNoneMatchShas(`"${sha}"`)).toEqual([sha]);
    expect(ifNoneMatchShas(` W/"${sha}" , "${other}", "nope", ${sha}`)).toEqual([sha, other]);
    expect(ifNoneMatchShas(" * ")).toBe("*");
    expect(ifNoneMatchShas(null)).toEqual([]);
    expect(ifNoneMatchShas("")).toEqual([]);
  });

  it("matches when the header names the rendering or is *; nothing else", () => {
    expect(ifNoneMatchMatches(`"${sha}"`, sha)).toBe(true);
    expect(ifNoneMatchMatches(`W/"${sha}"`, sha)).toBe(true);
    expect(ifNoneMatchMatches(`"${other}", "${sha}"`, sha)).toBe(true);
    expect(ifNoneMatchMatches("*", sha)).toBe(true);
    expect(ifNoneMatchMatches(null, sha)).toBe(false);
    expect(ifNoneMatchMatches(sha, sha)).toBe(false); // unquoted is not an entity tag
    expect(ifNoneMatchMatches(`"${other}"`, sha)).toBe(false);
  });
});
