import fsp from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Config } from '../config.js';
import { defineJob, withHandler } from '../jobs/job-definition.js';

export const MailMessage = z.object({
  to: z.email(),
  subject: z.string().min(1).max(300),
  text: z.string(),
  /** An HTML alternative to `text`, for messages that list things (exposure notices). */
  html: z.string().optional(),
});
export type MailMessage = z.infer<typeof MailMessage>;

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/**
 * SMTP through nodemailer. With no SMTP_HOST (a newcomer's laptop) messages are written as
 * .eml files under <dataDir>/outbox instead — never to the log, since they carry links with secrets.
 */
export function createMailer(config: Pick<Config, 'smtp' | 'dataDir'>, log: Logger): Mailer {
  const smtp = config.smtp;
  if (smtp.host === undefined) {
    const outbox = path.join(config.dataDir, 'outbox');
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    return {
      async send(message) {
        const info = (await transport.sendMail({ from: smtp.from, ...message })) as {
          message: Buffer;
          messageId: string;
        };
        await fsp.mkdir(outbox, { recursive: true, mode: 0o700 });
        const file = path.join(
          outbox,
          `${new Date().toISOString().replace(/[:.]/g, '-')}-${info.messageId.replace(/@/g, '-at-').replace(/[^\w.-]/g, '')}.eml`,
        );
        await fsp.writeFile(file, info.message, { mode: 0o600 });
        // The .eml is what a mail client opens; the .txt beside it is for a person with an
        // editor (no quoted-printable line breaks inside links).
        const readable = [`To: ${message.to}`, `Subject: ${message.subject}`, '', message.text, ''].join(
          '\n',
        );
        await fsp.writeFile(file.replace(/\.eml$/, '.txt'), readable, { mode: 0o600 });
        log.info(
          { to: message.to, subject: message.subject, file },
          'SMTP_HOST is not set: e-mail written to the outbox folder',
        );
      },
    };
  }
  const transport: Transporter = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
  });
  return {
    async send(message) {
      await transport.sendMail({ from: smtp.from, ...message });
      log.info({ to: message.to, subject: message.subject }, 'e-mail sent');
    },
  };
}

export const SEND_MAIL = defineJob({ name: 'mail.send@1', payload: MailMessage, maxAttempts: 10 });

export function sendMailJob(mailer: Mailer) {
  return withHandler(SEND_MAIL, (message) => mailer.send(message));
}
