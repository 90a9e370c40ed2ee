import type { FileHandle } from "node:fs/promises";

/** The signature of an OLE2 compound file: legacy .xls, and OOXML files encrypted with a password. */
export const CFB_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const END_OF_CHAIN = 0xfffffffa; // ids at or above this mark the end of a chain or free sectors
const HEADER_DIFAT_ENTRIES = 109;
const DIRECTORY_ENTRY_BYTES = 128;
const MAX_DIRECTORY_SECTORS = 4096;

/**
 * Names of the streams and storages in a compound file's directory (only the directory is read).
 * Throws on a damaged header or a broken sector chain.
 */
export async function readCfbStreamNames(file: FileHandle): Promise<string[]> {
  const header = await readAt(file, 0, 512);
  const shift = header.readUInt16LE(0x1e);
  if (!header.subarray(0, 8).equals(CFB_SIGNATURE) || (shift !== 9 && shift !== 12)) {
    throw new Error("not a compound file header");
  }
  const sectorSize = 1 << shift;
  const idsPerSector = sectorSize / 4;
  const difat = await readDifat(file, header, sectorSize);
  const sectorOffset = (sector: number): number => (sector + 1) * sectorSize;

  const nextSector = async (sector: number): Promise<number> => {
    const fatSector = difat[Math.floor(sector / idsPerSector)];
    if (fatSector === undefined || fatSector >= END_OF_CHAIN) throw new Error("sector outside the FAT");
    const entry = await readAt(file, sectorOffset(fatSector) + (sector % idsPerSector) * 4, 4);
    return entry.readUInt32LE(0);
  };

  const names: string[] = [];
  let sector = header.readUInt32LE(0x30);
  for (let visited = 0; sector < END_OF_CHAIN; visited++) {
    if (visited >= MAX_DIRECTORY_SECTORS) throw new Error("directory chain too long or cyclic");
    const block = await readAt(file, sectorOffset(sector), sectorSize);
    for (let at = 0; at + DIRECTORY_ENTRY_BYTES <= block.length; at += DIRECTORY_ENTRY_BYTES) {
      const nameBytes = block.readUInt16LE(at + 0x40);
      const type = block[at + 0x42];
      if (type === 0 || nameBytes < 2 || nameBytes > 64) continue;
      names.push(block.toString("utf16le", at, at + nameBytes - 2));
    }
    sector = await nextSector(sector);
  }
  return names;
}

/** Sector ids of the FAT: the first 109 sit in the header, the rest in a chain of DIFAT sectors. */
async function readDifat(file: FileHandle, header: Buffer, sectorSize: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < HEADER_DIFAT_ENTRIES; i++) ids.push(header.readUInt32LE(0x4c + i * 4));
  let sector = header.readUInt32LE(0x44);
  for (let visited = 0; sector < END_OF_CHAIN; visited++) {
    if (visited >= MAX_DIRECTORY_SECTORS) throw new Error("DIFAT chain too long or cyclic");
    const block = await readAt(file, (sector + 1) * sectorSize, sectorSize);
    const last = sectorSize / 4 - 1;
    for (let i = 0; i < last; i++) ids.push(block.readUInt32LE(i * 4));
    sector = block.readUInt32LE(last * 4);
  }
  return ids;
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  if (bytesRead < length) throw new Error("compound file truncated");
  return buffer;
}
