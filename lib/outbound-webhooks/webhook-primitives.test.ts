import { describe, expect, it } from "vitest";
import { judgeAddress } from "./address-policy";
import { decryptSecret, encryptSecret, generateSigningSecret } from "./secret-box";
import { signatureHeader, verifySignature } from "./sign-payload";
import { parseWebhookTarget, resolveTarget, WebhookTargetRefused } from "./webhook-target";

const open = { allowLoopback: true };
const strict = { allowLoopback: false };

describe("address policy", () => {
  it.each([
    "0.0.0.0", "10.1.2.3", "100.64.0.1", "127.0.0.1", "127.0.0.2", "169.254.169.254", "172.16.0.1", "172.31.255.255",
    "192.168.1.1", "192.0.2.1", "198.18.0.1", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
    "::", "::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:169.254.169.254", "::ffff:8.8.8.8", "::127.0.0.1",
    "fc00::1", "fd12:3456::1", "fe80::1", "fe80::1%eth0", "ff02::1", "64:ff9b::7f00:1", "2001:db8::1", "2002:7f00:1::1", "2001:0:4136::1",
  ])("refuses %s", (ip) => {
    expect(judgeAddress(ip, strict).allowed).toBe(false);
  });

  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "2a00:1450:4001::200e"])("allows public %s", (ip) => {
    expect(judgeAddress(ip, strict).allowed).toBe(true);
  });

  it("allows exactly 127.0.0.1 when loopback is allowed, nothing else", () => {
    expect(judgeAddress("127.0.0.1", open).allowed).toBe(true);
    for (const ip of ["127.0.0.2", "127.1.0.1", "::1", "::ffff:127.0.0.1", "0.0.0.0", "169.254.169.254"]) {
      expect(judgeAddress(ip, open).allowed, ip).toBe(false);
    }
  });
});

describe("webhook URL checks", () => {
  const refused = (url: string, policy = open) => {
    try {
      parseWebhookTarget(url, policy);
      return null;
    } catch (error) {
      expect(error).toBeInstanceOf(WebhookTargetRefused);
      return (error as WebhookTargetRefused).reason;
    }
  };

  it.each([
    "http://0x7f000001:8080/", "https://0x7f000001/", "https://2130706433/", "https://127.1/", "https://0177.0.0.1/",
    "https://127.0.0.2/", "http://127.0.0.2:9000/", "https://169.254.169.254/latest/meta-data/", "https://[::1]:8443/",
    "https://[::ffff:127.0.0.1]/", "https://[fe80::1]/", "https://10.0.0.1/", "https://localhost/", "https://api.localhost/",
    "https://intranet/", "http://example.com/hook", "ftp://example.com/", "https://user:pw@example.com/", "not a url",
  ])("refuses %s even with loopback allowed", (url) => {
    expect(refused(url)).not.toBeNull();
  });

  it("accepts https names and, with the allow-list on only, http://127.0.0.1", () => {
    expect(refused("https://hooks.example.com/khata")).toBeNull();
    expect(refused("https://8.8.8.8/x")).toBeNull();
    expect(refused("http://127.0.0.1:4010/hook")).toBeNull();
    expect(refused("http://127.0.0.1:4010/hook", strict)).not.toBeNull();
    expect(refused("https://127.0.0.1/hook", strict)).not.toBeNull();
  });

  it.each(["https://hooks.example.com:8080/", "https://hooks.example.com:80/", "https://8.8.8.8:5432/", "https://hooks.example.com:22/x", "https://hooks.example.com:444/"])(
    "refuses the port of %s (only 443 and 8443), at registration and before every send",
    async (url) => {
      expect(refused(url, strict)).toMatch(/^port \d+ is not allowed; use 443 or 8443$/);
      await expect(resolveTarget(url, strict, async () => [{ address: "93.184.216.34", family: 4 }])).rejects.toBeInstanceOf(WebhookTargetRefused);
    },
  );

  it("allows ports 443 (explicit or implied) and 8443, and any port on the loopback test exception only", () => {
    for (const url of ["https://hooks.example.com/", "https://hooks.example.com:443/", "https://hooks.example.com:8443/k", "https://8.8.8.8:8443/"]) {
      expect(refused(url, strict), url).toBeNull();
    }
    expect(refused("http://127.0.0.1:54321/hook", open)).toBeNull();
    expect(refused("https://127.0.0.1:54321/hook", open)).toBeNull();
    expect(refused("https://hooks.example.com:54321/hook", open)).toMatch(/^port 54321/);
  });

  it("refuses a name when ANY resolved address is private, and pins the checked one", async () => {
    const lookup = (answers: string[]) => async () => answers.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
    await expect(resolveTarget("https://evil.example.com/", strict, lookup(["93.184.216.34", "10.0.0.5"]))).rejects.toBeInstanceOf(WebhookTargetRefused);
    await expect(resolveTarget("https://evil.example.com/", open, lookup(["127.0.0.2"]))).rejects.toBeInstanceOf(WebhookTargetRefused);
    await expect(resolveTarget("https://evil.example.com/", strict, lookup(["169.254.169.254"]))).rejects.toBeInstanceOf(WebhookTargetRefused);
    await expect(resolveTarget("https://evil.example.com/", strict, lookup(["::ffff:10.0.0.1"]))).rejects.toBeInstanceOf(WebhookTargetRefused);
    const ok = await resolveTarget("https://good.example.com/", strict, lookup(["93.184.216.34"]));
    expect(ok).toMatchObject({ address: "93.184.216.34", family: 4, hostname: "good.example.com" });
  });
});

describe("signatures", () => {
  it("signs t.body with every active secret and verifies with any of them", () => {
    const body = JSON.stringify({ event: "credits.low", amount: 5 });
    const t = Math.floor(Date.now() / 1000);
    const header = signatureHeader(["whsec_new", "whsec_old"], t, body);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(verifySignature(header, body, "whsec_new")).toBe(true);
    expect(verifySignature(header, body, "whsec_old")).toBe(true);
    expect(verifySignature(header, body, "whsec_other")).toBe(false);
    expect(verifySignature(header, `${body} `, "whsec_new")).toBe(false);
    expect(verifySignature(header, body, "whsec_new", { now: t + 301 })).toBe(false);
  });
});

describe("secret box", () => {
  it("round-trips under the derived key and detects tampering or another AUTH_SECRET", () => {
    const secret = generateSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const sealed = encryptSecret(secret, "a".repeat(40));
    expect(sealed).not.toContain(secret.slice(6));
    expect(decryptSecret(sealed, "a".repeat(40))).toBe(secret);
    expect(() => decryptSecret(sealed, "b".repeat(40))).toThrow();
    const parts = sealed.split(".");
    parts[3] = Buffer.from("tampered").toString("base64url");
    expect(() => decryptSecret(parts.join("."), "a".repeat(40))).toThrow();
  });
});
