/**
 * Small run-time checks for data that crosses a trust boundary (HTTP answers). Each
 * throws a ShapeError naming the field, so a server change shows up as one clear
 * message instead of an undefined deep inside the app.
 */
export class ShapeError extends Error {
  constructor(field: string, expected: string) {
    super(`"${field}" is not ${expected}`);
    this.name = 'ShapeError';
  }
}

export type Fields = Record<string, unknown>;

export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function record(value: unknown, field: string): Fields {
  if (!isRecord(value)) throw new ShapeError(field, 'an object');
  return value;
}

export function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new ShapeError(field, 'a string');
  return value;
}

export function optionalText(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : text(value, field);
}

export function time(value: unknown, field: string): Date {
  const date = new Date(text(value, field));
  if (Number.isNaN(date.getTime())) throw new ShapeError(field, 'an ISO 8601 time');
  return date;
}

export function list(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new ShapeError(field, 'a list');
  return value;
}
