import { describe, expect, it } from "vitest";
import { notificationRenderers } from "./notification-templates";

describe("dunning mails", () => {
  it("a failed renewal payment says when it is retried and until when the plan stays", () => {
    const mail = notificationRenderers["renewal-payment-failed"]({
      accountName: "Acme",
      plan: "Pro",
      amountPaise: "499900",
      attempt: "1",
      retryAt: "2027-01-05T06:00:00.000Z",
      graceEndsAt: "2027-01-12T06:00:00.000Z",
      url: "https://khata.example/billing/plans",
    });
    expect(mail.subject).toBe("Your Pro plan renewal payment failed: we'll retry on 05 Jan 2027");
    expect(mail.text).toContain("₹4,999");
    expect(mail.text).toContain("12 Jan 2027");
  });

  it("the final failure says the plan lapsed to Free and nothing more is debited", () => {
    const mail = notificationRenderers["renewal-lapsed"]({ accountName: "Acme", plan: "Pro", amountPaise: "499900", lapsedAt: "2027-01-09T06:00:00.000Z", url: "https://khata.example/billing/plans" });
    expect(mail.subject).toBe("Final renewal attempt failed: your Pro plan lapsed to Free");
    expect(mail.text).toContain("no further debit");
  });
});
