/**
 * Gzip-compressed import files (`areas.csv.gz`, `2017-05-hampshire-street.csv.gz`…), known by their first
 * two bytes whatever their name. An import reads the unpacked content: its sha256 is the content's (so a file
 * and its gzip copy are the same import), its header and kind are the content's, and the import itself reads
 * a temporary unpacked copy (encoding.ts `prepareTextFile`), made streaming and removed when the import ends.
 * Unpacking stops at `GZIP_MAX_UNPACKED_BYTES`, so a small file cannot fill the disk.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { once } from 'node:events';
import zlib from 'node:zlib';

/** The most a gzip file may unpack to (2 GiB): far above a police.uk month of the largest force. */
export const GZIP_MAX_UNPACKED_BYTES = 2 * 1024 ** 3;

export const isGzip = (head: Buffer) => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/** Why a gzip file cannot be read, as the import reports it. */
export class GzipError extends Error {}

const limitText = `${(GZIP_MAX_UNPACKED_BYTES / 1024 ** 3).toLocaleString('en-GB')} GB`;

/**
 * The unpacked bytes of a gzip file, in chunks, streaming. Throws a `GzipError` when the file is damaged,
 * ends early, or unpacks to more than `limit` bytes.
 */
export async function* gunzipChunks(filePath: string, limit = GZIP_MAX_UNPACKED_BYTES): AsyncGenerator<Buffer> {
  const source = fs.createReadStream(filePath, { highWaterMark: 1 << 20 });
  const gunzip = zlib.createGunzip();
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  let total = 0;
  try {
    for await (const data of gunzip) {
      const chunk = data as Buffer;
      total += chunk.length;
      if (total > limit)
        throw new GzipError(`is a gzip file that unpacks to more than ${limit === GZIP_MAX_UNPACKED_BYTES ? limitText : `${limit} bytes`}`);
      yield chunk;
    }
  } catch (error) {
    if (error instanceof GzipError) throw error;
    if ((error as NodeJS.ErrnoException).code?.startsWith('Z_'))
      throw new GzipError(`is a gzip file that cannot be unpacked (${(error as Error).message}): it may be damaged or cut short`);
    throw error;
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}

/** Unpacks a gzip file into `outPath`, streaming; returns the bytes written. Throws a `GzipError` as above. */
export async function gunzipToFile(filePath: string, outPath: string, limit = GZIP_MAX_UNPACKED_BYTES): Promise<number> {
  const out = fs.createWriteStream(outPath);
  let bytes = 0;
  try {
    for await (const chunk of gunzipChunks(filePath, limit)) {
      bytes += chunk.length;
      if (!out.write(chunk)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'close').catch(() => undefined);
  }
  return bytes;
}

/** The sha256 and size of a gzip file's unpacked content, or null when it cannot be unpacked (see above). */
export async function gunzipDigest(filePath: string): Promise<{ sha256: string; bytes: number } | null> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of gunzipChunks(filePath)) {
      hash.update(chunk);
      bytes += chunk.length;
    }
  } catch (error) {
    if (error instanceof GzipError) return null;
    throw error;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** The first `bytes` bytes of a gzip file's unpacked content (fewer when it is shorter or cannot be unpacked). */
export async function gunzipHead(filePath: string, bytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let have = 0;
  try {
    for await (const chunk of gunzipChunks(filePath)) {
      parts.push(chunk);
      have += chunk.length;
      if (have >= bytes) break;
    }
  } catch (error) {
    if (!(error instanceof GzipError)) throw error;
  }
  return Buffer.concat(parts).subarray(0, bytes);
}
