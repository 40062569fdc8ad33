"use client";

import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/** False in the server HTML and during hydration, true once React owns the page. */
export function useHydrated() {
  return useSyncExternalStore(noSubscription, () => true, () => false);
}
