import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { redactUrl } from './http/app.js';

interface LoggableRequest {
  id?: string;
  method?: string;
  url?: string;
  ip?: string;
}

/**
 * pino, with every place a secret could travel redacted: headers, bodies, URLs. JSON lines for
 * machines; `human` renders one readable line per event for a person at a terminal.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream, human = false): Logger {
  if (human) {
    destination = pretty({
      destination: destination ?? process.stdout,
      colorize: (destination ?? process.stdout) === process.stdout && process.stdout.isTTY,
      ignore: 'pid,hostname,reqId',
      translateTime: 'SYS:HH:MM:ss',
      singleLine: true,
      sync: true,
    });
  }
  return pino(
    {
      level,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-csrf-token"]',
          'res.headers["set-cookie"]',
          '*.password',
          '*.newPassword',
          '*.currentPassword',
          '*.secret',
          '*.token',
          '*.totp',
          '*.sessionSecret',
          'config.smtp.password',
          'config.bootstrapAdmin.password',
          'config.secretsKey',
          '*.secretsKey',
          '*.secretSealed',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: LoggableRequest) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url ?? ''),
          ip: req.ip,
        }),
      },
    },
    destination ?? process.stdout,
  );
}
