import { describe, expect, it } from "vitest";
import { amountInWords, integerToIndianWords } from "./amount-in-words";

describe("amountInWords", () => {
  it.each<[bigint, string]>([
    [0n, "Rupees Zero Only"],
    [1n, "Rupees Zero and One Paisa Only"],
    [2n, "Rupees Zero and Two Paise Only"],
    [99n, "Rupees Zero and Ninety-Nine Paise Only"],
    [100n, "Rupees One Only"],
    [101n, "Rupees One and One Paisa Only"],
    [1000n, "Rupees Ten Only"],
    [1100n, "Rupees Eleven Only"],
    [1900n, "Rupees Nineteen Only"],
    [2000n, "Rupees Twenty Only"],
    [2110n, "Rupees Twenty-One and Ten Paise Only"],
    [10000n, "Rupees One Hundred Only"],
    [10500n, "Rupees One Hundred Five Only"],
    [11500n, "Rupees One Hundred Fifteen Only"],
    [99999n, "Rupees Nine Hundred Ninety-Nine and Ninety-Nine Paise Only"],
    [100000n, "Rupees One Thousand Only"],
    [500000n, "Rupees Five Thousand Only"],
    [590000n, "Rupees Five Thousand Nine Hundred Only"],
    [1000100n, "Rupees Ten Thousand One Only"],
    [9999999n, "Rupees Ninety-Nine Thousand Nine Hundred Ninety-Nine and Ninety-Nine Paise Only"],
    [10000000n, "Rupees One Lakh Only"],
    [12345678n, "Rupees One Lakh Twenty-Three Thousand Four Hundred Fifty-Six and Seventy-Eight Paise Only"],
    [10000100n, "Rupees One Lakh One Only"],
    [99999900n, "Rupees Nine Lakh Ninety-Nine Thousand Nine Hundred Ninety-Nine Only"],
    [1000000000n, "Rupees One Crore Only"],
    [1000000001n, "Rupees One Crore and One Paisa Only"],
    [1010000000n, "Rupees One Crore One Lakh Only"],
    [1234567890n, "Rupees One Crore Twenty-Three Lakh Forty-Five Thousand Six Hundred Seventy-Eight and Ninety Paise Only"],
    [12345678901n, "Rupees Twelve Crore Thirty-Four Lakh Fifty-Six Thousand Seven Hundred Eighty-Nine and One Paisa Only"],
    [10000000000n, "Rupees Ten Crore Only"], // ₹10,00,00,000
    [99999999999n, "Rupees Ninety-Nine Crore Ninety-Nine Lakh Ninety-Nine Thousand Nine Hundred Ninety-Nine and Ninety-Nine Paise Only"],
    [100000000000n, "Rupees One Hundred Crore Only"],
    [1234000000000n, "Rupees One Thousand Two Hundred Thirty-Four Crore Only"],
    [100000000000000n, "Rupees One Lakh Crore Only"], // 10^12 rupees = 1,00,000 crore
    [10000000000000000n, "Rupees One Crore Crore Only"], // 10^14 rupees
  ])("%s paise → %s", (paise, words) => {
    expect(amountInWords(paise)).toBe(words);
  });

  it("throws on negative amounts", () => {
    expect(() => amountInWords(-1n)).toThrow(RangeError);
  });
});

describe("integerToIndianWords", () => {
  it.each<[bigint, string]>([
    [0n, "Zero"],
    [7n, "Seven"],
    [13n, "Thirteen"],
    [40n, "Forty"],
    [47n, "Forty-Seven"],
    [100n, "One Hundred"],
    [110n, "One Hundred Ten"],
    [999n, "Nine Hundred Ninety-Nine"],
    [1001n, "One Thousand One"],
    [20000n, "Twenty Thousand"],
    [100000n, "One Lakh"],
    [1100000n, "Eleven Lakh"],
    [10000000n, "One Crore"],
  ])("%s → %s", (n, words) => {
    expect(integerToIndianWords(n)).toBe(words);
  });
});
