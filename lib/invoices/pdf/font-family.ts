/** Font family name the invoice layout uses; registered server-side by ./fonts.ts. */
export const INVOICE_FONT_FAMILY = "DejaVuSans";
