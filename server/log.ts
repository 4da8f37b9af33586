import winston from 'winston';

/** JSON lines with stable messages; fields carry the variables (session, player, command, …). */
export function createLogger(level: 'error' | 'warn' | 'info' | 'debug' | 'silent'): winston.Logger {
  return winston.createLogger({
    level: level === 'silent' ? 'error' : level,
    silent: level === 'silent',
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    defaultMeta: { service: 'cognitrap' },
    transports: [new winston.transports.Console()],
  });
}
