/** Runtime checks for values that crossed a trust boundary, so nothing is cast. */
export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * JSON.parse that drops `__proto__` and `constructor` keys, so a parsed body can
 * be spread or merged without reaching Object.prototype.
 */
export function parseJson(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) =>
    key === '__proto__' || key === 'constructor' ? undefined : value);
}
