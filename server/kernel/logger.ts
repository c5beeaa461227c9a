import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs; request ids are added per request by fastify's child loggers. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'heat-steward' } });
}

export const silentLogger: Logger = pino({ level: 'silent' });
