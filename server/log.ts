/**
 * One small logger for the whole process. It writes one line per event and is
 * never handed secrets, tickets, pairing codes or audio: callers log what
 * happened, not what was sent.
 */
export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  error(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  debug(message: string, detail?: unknown): void;
}

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

export function createLogger(level: LogLevel): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const write = (at: Exclude<LogLevel, 'silent'>) => (message: string, detail?: unknown) => {
    if (LOG_LEVELS.indexOf(at) > threshold) return;
    const line = `${new Date().toISOString()} ${at.padEnd(5)} ${message}`;
    const stream = at === 'error' || at === 'warn' ? process.stderr : process.stdout;
    stream.write(detail === undefined ? `${line}\n` : `${line} ${describe(detail)}\n`);
  };
  return { error: write('error'), warn: write('warn'), info: write('info'), debug: write('debug') };
}

function describe(detail: unknown): string {
  if (detail instanceof Error) return detail.stack ?? detail.message;
  try {
    return JSON.stringify(detail);
  } catch {
    return String(detail);
  }
}
