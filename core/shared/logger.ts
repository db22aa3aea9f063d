// Structured logs with pino. Personal data (phones, names, message texts) never goes into a log line:
// log ids and codes; the redact list is a safety net for fields that slip through.
import { type Logger, pino } from 'pino';

export type { Logger };

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'nova' },
    redact: {
      paths: ['phone', 'text', 'name', 'email', '*.phone', '*.text', '*.name', '*.email', 'password', '*.password'],
      censor: '[redacted]',
    },
  });
}

export const silentLogger: Logger = pino({ level: 'silent' });
