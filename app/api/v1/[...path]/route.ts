// ANY /api/v1/* – JSON 404 for paths that match no endpoint
import { errorResponse, requestIdOf } from "@/lib/api/route";
import { AppError } from "@/lib/errors";

function notFound(request: Request): Response {
  const path = new URL(request.url).pathname;
  return errorResponse(new AppError("not_found", `No endpoint at ${request.method} ${path}.`), requestIdOf(request));
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
