import { redirect } from "next/navigation";
import { currentUserId } from "@/lib/auth/auth";

export default async function Home() {
  redirect((await currentUserId()) ? "/billing" : "/sign-in");
}
