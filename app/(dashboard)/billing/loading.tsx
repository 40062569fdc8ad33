import { Skeleton } from "@/components/billing/primitives";

export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading billing">
      <Skeleton className="mb-2 h-8 w-40" />
      <Skeleton className="mb-6 h-4 w-64" />
      <div className="grid gap-4 md:grid-cols-3">
        <Skeleton className="h-[7.5rem]" />
        <Skeleton className="h-[7.5rem]" />
        <Skeleton className="h-[7.5rem]" />
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Skeleton className="h-[22rem]" />
        <Skeleton className="h-[22rem]" />
      </div>
      <Skeleton className="mt-6 h-64" />
    </div>
  );
}
