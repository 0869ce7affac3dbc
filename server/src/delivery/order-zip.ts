/**
 * The ZIP of a cart order's delivered files (docs/architecture.md "Previews, cart and
 * purchases", "Downloads"): written while it is sent, each file read from the storage port
 * (disk or bucket) only when its turn comes (yazl's lazy entries), stored without
 * recompression (the images are compressed already), so no copy of the files is made and
 * the length is known before the first byte (`Content-Length`, HEAD).
 */
import type { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { Download } from './downloads';

/** `name.ext`, then `name-2.ext`, `name-3.ext`… for names already taken. */
export function uniqueEntryNames(names: string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const dot = name.lastIndexOf('.');
    const [base, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let candidate = name;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base}-${n}${ext}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}

export interface OrderZipEntry {
  download: Download;
  name: string;
  mtime: Date;
}

export interface OrderZipStream {
  body: Readable;
  /** The ZIP's exact length in bytes (every entry stored, its size known). */
  size: number;
  /** The bytes of each entry read from the storage so far, in the order of the entries. */
  bytesRead(): number[];
}

/**
 * The ZIP of `entries`; `read` opens one file's bytes when its turn comes (never for HEAD,
 * `open: false`: only the length is computed). A read that fails ends the ZIP with an error.
 */
export function orderZip(
  entries: OrderZipEntry[],
  read: (download: Download) => Promise<{ body: Readable; bytesRead(): number }>,
  open = true,
): OrderZipStream {
  const zip = new ZipFile();
  const counters: Array<() => number> = entries.map(() => () => 0);
  entries.forEach(({ download, name, mtime }, index) => {
    zip.addReadStreamLazy(name, { size: download.size, compress: false, mtime }, (done) => {
      if (!open) return;
      read(download).then(
        (stream) => {
          counters[index] = stream.bytesRead;
          done(null, stream.body);
        },
        (error: unknown) => done(error, undefined as unknown as Readable),
      );
    });
  });
  let size = -1;
  // yazl passes the computed length (-1 when unknown); its types omit the argument.
  const onSize = (total: number) => {
    size = total;
  };
  zip.end(undefined, onSize as unknown as () => void);
  const body = zip.outputStream as Readable;
  // A failed read: the ZIP stops there (the response breaks off, nothing is counted).
  zip.on('error', (error: Error) => body.destroy(error));
  return { body, size, bytesRead: () => counters.map((count) => count()) };
}
