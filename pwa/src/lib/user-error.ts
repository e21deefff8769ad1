/**
 * An error whose message is written for the person using the app. Anything else
 * that reaches the UI is a bug, and is shown as the caller's fallback instead of
 * leaking internals.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export function userMessage(error: unknown, fallback: string): string {
  if (error instanceof UserError) return error.message;
  console.error(error);
  return fallback;
}
