import { Card, PageHeader } from "@/components/ui";

/** What a member sees on a page only owners and admins may use (the API refuses them anyway). */
export function ManagersOnly({ title, what }: { title: string; what: string }) {
  return (
    <>
      <PageHeader title={title} />
      <Card>
        <p className="text-sm text-slate-700">Only owners and admins can {what}.</p>
      </Card>
    </>
  );
}
