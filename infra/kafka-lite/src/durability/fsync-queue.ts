import * as fs from 'node:fs';
import * as path from 'node:path';

function fdatasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => {
    fs.fdatasync(fd, (err) => {
      // A file closed in the meantime was rewritten atomically (and fsynced) or deleted.
      if (err && err.code !== 'EBADF') reject(err);
      else resolve();
    });
  });
}

/**
 * Group commit for fsync: files are marked dirty as they are written, and `flush()` resolves once
 * every file written before the call is on disk. Callers that arrive while an fsync round runs share
 * the next round, so many acknowledgements cost one fsync per file.
 */
export class FsyncQueue {
  private readonly dirty = new Set<number>();
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  /** fsync rounds completed (for the benchmark). */
  rounds = 0;

  markDirty(fd: number): void {
    this.dirty.add(fd);
  }

  flush(): Promise<void> {
    if (this.running === undefined) {
      if (this.dirty.size === 0) return Promise.resolve();
      this.running = this.round();
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.flush();
    });
    return this.queued;
  }

  private async round(): Promise<void> {
    const fds = [...this.dirty];
    this.dirty.clear();
    try {
      await Promise.all(fds.map(fdatasync));
      this.rounds++;
    } finally {
      this.running = undefined;
    }
  }
}

/** Writes `data` to `file` through a temporary file and a rename; with `sync`, fsyncs both. */
export function writeAtomic(file: string, data: string | Buffer, sync = false): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeFileSync(fd, data);
    if (sync) fs.fdatasyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  if (sync) {
    const dir = fs.openSync(path.dirname(file), 'r');
    try {
      fs.fsyncSync(dir);
    } finally {
      fs.closeSync(dir);
    }
  }
}
