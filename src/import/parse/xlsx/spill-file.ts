import { close, closeSync, open, readSync, rmdir, unlink, write } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const openAsync = promisify(open);
const writeAsync = promisify(write);
const closeAsync = promisify(close);
const unlinkAsync = promisify(unlink);
const rmdirAsync = promisify(rmdir);

/**
 * A temporary file of fixed-size pages, written in order and read back by byte range. It is
 * unlinked as soon as it is open, so nothing is left behind even by a crash (on POSIX; where an
 * open file cannot be removed, close() removes it).
 */
export class SpillFile {
  private fd: number | undefined;
  private path: string | undefined;

  private constructor(
    fd: number,
    path: string,
    private readonly pageBytes: number,
  ) {
    this.fd = fd;
    this.path = path;
  }

  static async create(dir: string, pageBytes: number): Promise<SpillFile> {
    const folder = await mkdtemp(join(dir, "xlsx-strings-"));
    const path = join(folder, "strings.bin");
    const file = new SpillFile(await openAsync(path, "w+", 0o600), path, pageBytes);
    await file.remove();
    return file;
  }

  async write(page: Buffer, pageNo: number): Promise<void> {
    await writeAsync(this.openFd(), page, 0, this.pageBytes, pageNo * this.pageBytes);
  }

  /**
   * Fills `into` from `position`. Synchronous: strings are looked up while a row is parsed, and
   * the data was just written, so it comes from the OS cache.
   */
  read(into: Buffer, position: number): void {
    readSync(this.openFd(), into, 0, into.length, position);
  }

  async close(): Promise<void> {
    const fd = this.fd;
    this.fd = undefined;
    if (fd !== undefined) await closeAsync(fd);
    await this.remove();
  }

  /** For a finalizer, where nothing can be awaited. */
  closeSync(): void {
    const fd = this.fd;
    this.fd = undefined;
    if (fd !== undefined) closeSync(fd);
    void this.remove();
  }

  private openFd(): number {
    if (this.fd === undefined) throw new Error("the shared-strings spill file is closed");
    return this.fd;
  }

  private async remove(): Promise<void> {
    const path = this.path;
    if (path === undefined) return;
    try {
      await unlinkAsync(path);
      await rmdirAsync(join(path, ".."));
      this.path = undefined;
    } catch {
      // still open on a platform that forbids removing open files: retried by close()
    }
  }
}
