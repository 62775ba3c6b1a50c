import { pino, type Logger } from 'pino';
import { redactUrl } from './http/app.js';

interface LoggableRequest {
  id?: string;
  method?: string;
  url?: string;
  ip?: string;
}

/** pino, with every place a secret could travel redacted: headers, bodies, URLs. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
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
