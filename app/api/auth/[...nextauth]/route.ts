// GET|POST /api/auth/* – Auth.js sign-in, callback, session and sign-out endpoints (POST bodies bounded, refusals as 429)
import { handlers } from "@/lib/auth/auth";
import { boundedAuthPost } from "@/lib/api/auth-post";

export const { GET } = handlers;
export const POST = boundedAuthPost(handlers.POST);
