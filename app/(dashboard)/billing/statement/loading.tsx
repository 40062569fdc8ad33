import { PageSkeleton } from "@/components/billing/primitives";

export default function Loading() {
  return <PageSkeleton label="Loading statement" />;
}
