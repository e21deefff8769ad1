import type { Context, Next } from 'koa';

import type { Logger } from '../server/log.ts';

/**
 * The one way the API reports a problem: throw an ApiError where it is found and
 * `errorResponses` turns it into `{ error: { code, message, field? } }`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { field?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }
}

export function fieldError(field: string, message: string): ApiError {
  return new ApiError(400, 'invalid_field', message, { field });
}

export function errorResponses(log: Logger) {
  return async function handleErrors(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined && ctx.path.startsWith('/api')) {
        throw new ApiError(404, 'not_found', 'There is no such API route.');
      }
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.status >= 500) log.error(`${ctx.method} ${ctx.path} failed`, thrown);
      ctx.status = error.status;
      ctx.body = { error: { code: error.code, message: error.message, ...fieldOf(error) } };
      if (error.details.retryAfterSeconds !== undefined) {
        ctx.set('Retry-After', String(error.details.retryAfterSeconds));
      }
    }
  };
}

function fieldOf(error: ApiError): { field?: string } {
  return error.details.field === undefined ? {} : { field: error.details.field };
}

/** Errors thrown by Koa, the router or raw-body carry a status; only 4xx texts are shown. */
function toApiError(thrown: unknown): ApiError {
  if (thrown instanceof ApiError) return thrown;
  const status = statusOf(thrown);
  if (status === 413) return new ApiError(413, 'body_too_large', 'The request body is too large.');
  if (status === 405) return new ApiError(405, 'method_not_allowed', 'That method is not allowed here.');
  if (status >= 400 && status < 500) {
    return new ApiError(status, 'bad_request', 'The request could not be understood.');
  }
  return new ApiError(500, 'internal', 'Something went wrong on our side. Please try again.');
}

function statusOf(thrown: unknown): number {
  if (typeof thrown !== 'object' || thrown === null) return 500;
  const status = 'status' in thrown ? thrown.status : undefined;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
