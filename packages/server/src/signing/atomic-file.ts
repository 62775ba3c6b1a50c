import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `path` so that a reader sees either the old content or the new, never a torn file:
 * write a temp file beside it, fsync, rename over the target, then fsync the directory so
 * the rename itself survives a crash. The temp file is created with `mode` from the start,
 * so a secret is never readable by others, not even briefly.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode: number): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode);
  try {
    try {
      await handle.writeFile(data);
      // The umask may have narrowed the mode at creation; make it exact.
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** Creates `dir` (and parents) if needed and restricts it to the owner. */
export async function ensurePrivateDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
}

async function syncDirectory(dir: string): Promise<void> {
  // Not every platform lets a directory be opened for fsync; the rename is still atomic there.
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch {
    // EINVAL/EISDIR on some file systems: nothing more can be done.
  } finally {
    await handle.close();
  }
}
