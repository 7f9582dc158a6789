/**
 * Reads back a zip's files through its central directory, so the validator checks the archive
 * itself rather than the objects it was built from. Handles store and deflate, not zip64.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  readonly path: string;
  readonly data: Buffer;
  readonly method: number;
  readonly dosTime: number;
  readonly dosDate: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

export function readZip(zip: Buffer): ZipEntry[] {
  const end = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);

  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    expectSignature(zip, offset, CENTRAL_FILE_HEADER, 'central directory entry');
    entries.push(readEntry(zip, offset));
    offset +=
      46 +
      zip.readUInt16LE(offset + 28) +
      zip.readUInt16LE(offset + 30) +
      zip.readUInt16LE(offset + 32);
  }
  return entries;
}

function readEntry(zip: Buffer, header: number): ZipEntry {
  const method = zip.readUInt16LE(header + 10);
  const compressedSize = zip.readUInt32LE(header + 20);
  const nameLength = zip.readUInt16LE(header + 28);
  const local = zip.readUInt32LE(header + 42);
  const path = zip.toString('utf8', header + 46, header + 46 + nameLength);

  expectSignature(zip, local, LOCAL_FILE_HEADER, `local header of ${path}`);
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  const stored = zip.subarray(start, start + compressedSize);

  return {
    path,
    data: decompress(stored, method, path),
    method,
    dosTime: zip.readUInt16LE(header + 12),
    dosDate: zip.readUInt16LE(header + 14),
  };
}

function decompress(stored: Buffer, method: number, path: string): Buffer {
  if (method === STORED) return Buffer.from(stored);
  if (method === DEFLATED) return inflateRawSync(stored);
  throw new Error(`${path} uses compression method ${method}, which this reader does not know`);
}

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, so search only that tail.
  const earliest = Math.max(0, zip.length - 22 - 0xffff);
  for (let offset = zip.length - 22; offset >= earliest; offset -= 1) {
    if (zip.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) return offset;
  }
  throw new Error('not a zip file: no end-of-central-directory record');
}

function expectSignature(zip: Buffer, offset: number, signature: number, what: string): void {
  if (offset + 4 > zip.length || zip.readUInt32LE(offset) !== signature) {
    throw new Error(`corrupt zip: no ${what} at offset ${offset}`);
  }
}
