import type { Readable } from 'node:stream';
import { AppError } from './errors.js';

/** Read an uploaded stream into memory, refusing (413) past `max` bytes without reading further. */
export async function readLimited(stream: Readable, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += b.length;
    if (size > max) {
      stream.destroy();
      throw new AppError('payload_too_large', 'upload too large', {
        publicMessage: `The file is larger than ${max} bytes.`,
      });
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}
