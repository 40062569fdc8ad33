import type { KeyMember } from "@/lib/api-keys/authenticate-api-key";
import type { AccountSuspension } from "@/lib/suspensions/account-suspension";
import type { Role } from "@/lib/auth/policy";

export type Actor =
  | {
      kind: "session";
      userId: string;
      email: string;
      name: string;
      isOperator: boolean;
      /** null only for a signed-in user without any account (e.g. removed from their last one). */
      accountId: string | null;
      role: Role | null;
      /** The active account's suspension, if it is suspended. */
      suspension: AccountSuspension | null;
    }
  | {
      kind: "api_key";
      apiKeyId: string;
      apiKeyName: string;
      apiKeyPrefix: string;
      /** 'service': the account's key; 'personal': a member's own key, acting with `member.role`. */
      keyKind: "service" | "personal";
      member: KeyMember | null;
      accountId: string;
      plan: string;
      suspension: AccountSuspension | null;
    };
