import { getEnv } from "@/lib/config/env";
import { newOneTimeToken } from "./one-time-token";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const acceptInvitationUrl = (token: string) => `${getEnv().APP_URL}/invitations/accept?token=${encodeURIComponent(token)}`;

/** A fresh single-use link for an invitation: the token for the URL, its hash and expiry for the row. */
export function newInvitationLink(now: Date) {
  const { token, tokenHash } = newOneTimeToken();
  return { url: acceptInvitationUrl(token), tokenHash, expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) };
}
