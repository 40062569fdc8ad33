/** The cookie naming the account a signed-in user is acting on (they may belong to several). */
export const ACTIVE_ACCOUNT_COOKIE = "khata_account";
