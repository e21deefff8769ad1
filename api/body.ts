import getRawBody from 'raw-body';
import type { Context } from 'koa';

import { isRecord, parseJson, type JsonRecord } from '../server/json.ts';
import { ApiError } from './errors.ts';

const LIMIT_BYTES = 16 * 1024;

/**
 * Reads a JSON object body. An empty body reads as `{}` so that requests with
 * nothing to say need not invent one; anything else must be JSON.
 */
export async function readJsonObject(ctx: Context): Promise<JsonRecord> {
  const length = ctx.request.length;
  const chunked = ctx.get('Transfer-Encoding') !== '';
  if (!chunked && !length) return {};

  if (!ctx.is('application/json')) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json.');
  }
  const text = await getRawBody(ctx.req, { length, limit: LIMIT_BYTES, encoding: 'utf8' });

  let value: unknown;
  try {
    value = parseJson(text);
  } catch {
    throw new ApiError(400, 'malformed_json', 'The request body is not valid JSON.');
  }
  if (!isRecord(value)) {
    throw new ApiError(400, 'invalid_body', 'The request body must be a JSON object.');
  }
  return value;
}
