import { Button } from "@/components/ui";

const LABELS = { github: "Continue with GitHub", google: "Continue with Google" } as const;

export function OAuthButtons({ providers, oauthSignInAction }: { providers: Array<"github" | "google">; oauthSignInAction: (form: FormData) => Promise<void> }) {
  if (providers.length === 0) return null;
  return (
    <div className="mt-4 space-y-2">
      {providers.map((p) => (
        <form key={p} action={oauthSignInAction}>
          <input type="hidden" name="provider" value={p} />
          <Button type="submit" variant="secondary" className="w-full">
            {LABELS[p]}
          </Button>
        </form>
      ))}
    </div>
  );
}
