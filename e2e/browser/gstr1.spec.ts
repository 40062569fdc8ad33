import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "../fixtures";

/**
 * Issue 17, acceptance 6 (GSTR-1): an operator records a payment by cheque for the demo account (a B2B invoice
 * this month), opens /operator/gstr1 for this month and downloads the return: the offline tool's JSON lists the new
 * invoice under its recipient's GSTIN, and the CSV has its row. An account owner has no such page.
 */
test("an operator downloads this month's GSTR-1 as the offline tool's JSON and as CSV", async ({ page, browser }) => {
  await signIn(page, DEMO.operator);
  await page.goto("/operator/offline-payments");
  await page.getByLabel("Find the account (name, email or GSTIN)").fill(DEMO.owner);
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("list", { name: "Matching accounts" }).getByRole("button", { name: /Acme Analytics Pvt Ltd/ }).click();
  await page.getByLabel("Amount (₹, GST-inclusive)").fill("1180");
  await page.getByLabel("Mode").selectOption("Cheque");
  await page.getByLabel("Reference (UTR, cheque number and bank…)").fill(`Cheque ${String(Date.now()).slice(-6)}`);
  await page.getByRole("button", { name: "Record payment" }).click();
  const recorded = page.getByText(/^Recorded: receipt \S+, invoice \S+\.$/);
  await expect(recorded).toBeVisible();
  const invoiceNumber = /invoice (\S+)\.$/.exec((await recorded.innerText()).trim())![1]!;

  const month = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Kolkata", year: "numeric", month: "2-digit" }).format(new Date()).slice(0, 7);
  await page.goto(`/operator/gstr1?period=${month}`);
  await expect(page.getByRole("heading", { name: "GSTR-1" })).toBeVisible();
  await expect(page.getByTestId("gstr1-hsn_b2b")).toBeVisible();

  const [jsonDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("gstr1-download-json").click()]);
  expect(jsonDownload.suggestedFilename()).toMatch(new RegExp(`^GSTR1_.*_${month}\\.json$`));
  const json = JSON.parse(fs.readFileSync((await jsonDownload.path())!, "utf8")) as {
    fp: string;
    version: string;
    b2b: { ctin: string; inv: { inum: string; val: number; itms: { itm_det: { txval: number; iamt?: number; rt: number } }[] }[] }[];
    b2cs: unknown[];
    hsn: { hsn_b2b: { hsn_sc: string; uqc: string }[] };
    doc_issue: { doc_det: { doc_num: number }[] };
  };
  expect(json.fp).toBe(`${month.slice(5, 7)}${month.slice(0, 4)}`);
  expect(json.version).toBe("GST3.2.4");
  // The demo account's billing profile: GSTIN 27AAPFU0939F1ZV (Maharashtra), so B2B and IGST; ₹1,180 = ₹1,000 + 18%.
  const group = json.b2b.find((g) => g.ctin === "27AAPFU0939F1ZV");
  expect(group?.inv.find((i) => i.inum === invoiceNumber)).toMatchObject({ val: 1180, itms: [{ itm_det: { txval: 1000, iamt: 180, rt: 18 } }] });
  expect(json.doc_issue.doc_det.some((d) => d.doc_num === 1)).toBe(true);

  const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("gstr1-download-csv").click()]);
  const csv = fs.readFileSync((await csvDownload.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toBe(
    "section,document_type,document_number,document_date,recipient_gstin,place_of_supply,supply_type,rate,document_value,taxable_value,igst,cgst,sgst,cess,original_invoice",
  );
  expect(csv).toContain(`,invoice,${invoiceNumber},`);

  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  await signIn(owner, DEMO.owner);
  const refused = await owner.goto("/operator/gstr1");
  expect(refused?.status()).toBe(404);
  expect((await owner.request.get(`/api/v1/admin/gstr1?period=${month}`)).status()).toBe(403);
  await ownerContext.close();
});
