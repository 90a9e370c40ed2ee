const SECTOR = 512;
const FREE = 0xffffffff;
const END_OF_CHAIN = 0xfffffffe;
const FAT_SECTOR = 0xfffffffd;

/**
 * A minimal OLE2 compound file whose directory holds the given stream names (up to three):
 * enough to tell a legacy .xls ("Workbook") from a password-protected OOXML file
 * ("EncryptionInfo", "EncryptedPackage"). The streams themselves are empty.
 */
export function compoundFile(names: readonly string[]): Buffer {
  if (names.length > 3) throw new Error("one directory sector holds the root and three names");
  const file = Buffer.alloc(SECTOR * 3);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(file, 0);
  file.writeUInt16LE(0x3e, 0x18);
  file.writeUInt16LE(3, 0x1a);
  file.writeUInt16LE(0xfffe, 0x1c);
  file.writeUInt16LE(9, 0x1e); // 512-byte sectors
  file.writeUInt16LE(6, 0x20);
  file.writeUInt32LE(1, 0x2c); // one FAT sector
  file.writeUInt32LE(1, 0x30); // the directory starts at sector 1
  file.writeUInt32LE(4096, 0x38);
  file.writeUInt32LE(END_OF_CHAIN, 0x3c);
  file.writeUInt32LE(END_OF_CHAIN, 0x44);
  for (let i = 0; i < 109; i++) file.writeUInt32LE(i === 0 ? 0 : FREE, 0x4c + i * 4);

  const fat = SECTOR; // sector 0
  for (let i = 0; i < SECTOR / 4; i++) file.writeUInt32LE(FREE, fat + i * 4);
  file.writeUInt32LE(FAT_SECTOR, fat);
  file.writeUInt32LE(END_OF_CHAIN, fat + 4);

  const directory = SECTOR * 2; // sector 1
  ["Root Entry", ...names].forEach((name, i) => {
    const at = directory + i * 128;
    file.write(`${name}\0`, at, "utf16le");
    file.writeUInt16LE((name.length + 1) * 2, at + 0x40);
    file[at + 0x42] = i === 0 ? 5 : 2; // root storage, then streams
    file.writeUInt32LE(FREE, at + 0x44);
    file.writeUInt32LE(FREE, at + 0x48);
    file.writeUInt32LE(i === 0 && names.length > 0 ? 1 : FREE, at + 0x4c);
    file.writeUInt32LE(END_OF_CHAIN, at + 0x74);
  });
  return file;
}
