import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message as the SMTP server received it. */
export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  /** The message exactly as sent: headers, blank line, encoded body. */
  readonly raw: string;
}

export interface MailCatcher {
  readonly port: number;
  readonly messages: readonly ReceivedMail[];
  /** The first message (already received or still to come) that matches, or an error after `timeoutMs`. */
  waitForMail(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** A real SMTP server on loopback, without TLS or authentication, that keeps every message. */
export async function startMailCatcher(): Promise<MailCatcher> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // The server under test is stopped first, so no client lingers; don't wait long for one.
    closeTimeout: 1_000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    port,
    messages,
    async waitForMail(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) {
          const seen = messages.map((m) => `to ${m.to.join(', ')}: ${mailSubject(m)}`).join('; ') || 'none';
          throw new Error(`No matching e-mail within ${timeoutMs} ms (received: ${seen})`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

function splitMessage(raw: string): { headers: string; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  if (!match) return { headers: raw, body: '' };
  return { headers: raw.slice(0, match.index), body: raw.slice(match.index + match[0].length) };
}

/** A header's value, with folded continuation lines joined. */
function header(headers: string, name: string): string | undefined {
  const unfolded = headers.replace(/\r?\n[ \t]+/g, ' ');
  const pattern = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im');
  return pattern.exec(unfolded)?.[1]?.trim();
}

export function mailSubject(mail: ReceivedMail): string {
  return header(splitMessage(mail.raw).headers, 'Subject') ?? '';
}

/** Undoes quoted-printable: `=\r\n` soft line breaks and `=XX` escapes (decoded as UTF-8). */
export function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The plain-text body of a single-part message, with its transfer encoding undone. */
export function mailText(mail: ReceivedMail): string {
  const { headers, body } = splitMessage(mail.raw);
  const encoding = (header(headers, 'Content-Transfer-Encoding') ?? '7bit').toLowerCase();
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

/** The invitation link in an invitation e-mail: `<public url>/invitations/accept?token=…`. */
export function invitationLink(mail: ReceivedMail): URL {
  const match = /https?:\/\/\S+\/invitations\/accept\?token=[^\s"<>]+/.exec(mailText(mail));
  if (!match) throw new Error(`No invitation link in the e-mail:\n${mailText(mail)}`);
  return new URL(match[0]);
}

/** The link in a password reset e-mail: `<public url>/reset-password?token=…`. */
export function passwordResetLink(mail: ReceivedMail): URL {
  const match = /https?:\/\/\S+\/reset-password\?token=[^\s"<>]+/.exec(mailText(mail));
  if (!match) throw new Error(`No password reset link in the e-mail:\n${mailText(mail)}`);
  return new URL(match[0]);
}
