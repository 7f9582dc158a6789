/**
 * Writes package entries as a zip whose bytes depend only on the entries: fixed timestamps,
 * fixed file modes, fixed compression level, and the order the entries are given in.
 */
import { ZipFile } from 'yazl';

// The DOS epoch, the usual timestamp of reproducible archives.
const ENTRY_TIME = { year: 1980, month: 1, day: 1 };
const FILE_MODE = 0o100644;
const COMPRESSION_LEVEL = 9;

export interface ZipInput {
  readonly path: string;
  readonly data: Uint8Array;
}

export function createZip(entries: readonly ZipInput[]): Promise<Buffer> {
  const zip = new ZipFile();
  for (const entry of entries) {
    zip.addBuffer(Buffer.from(entry.data), entry.path, {
      mtime: entryTime(),
      mode: FILE_MODE,
      compressionLevel: COMPRESSION_LEVEL,
      // Only the DOS field: yazl's extended field stores UTC, which would vary with the zone.
      forceDosTimestamp: true,
    });
  }
  zip.end();

  return collect(zip.outputStream);
}

/** yazl encodes DOS time from local fields, so build the date from local fields too. */
function entryTime(): Date {
  return new Date(ENTRY_TIME.year, ENTRY_TIME.month - 1, ENTRY_TIME.day);
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks);
}
