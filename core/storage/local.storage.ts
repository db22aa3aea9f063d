// Local-disk storage: files under a root directory, written atomically (temp file + rename), with the
// MIME type kept beside each file.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Storage } from './storage.ts';

export function createLocalStorage(root: string): Storage {
  const base = path.resolve(root);
  const resolve = (key: string) => {
    const full = path.resolve(base, key);
    if (!full.startsWith(base + path.sep)) throw new Error('storage key escapes the storage directory');
    return full;
  };
  return {
    async put(key, bytes, mimeType) {
      const file = resolve(key);
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, bytes);
      await writeFile(`${file}.type`, mimeType);
      await rename(tmp, file);
    },
    async get(key) {
      try {
        const file = resolve(key);
        const [bytes, mimeType] = await Promise.all([readFile(file), readFile(`${file}.type`, 'utf8')]);
        return { bytes, mimeType };
      } catch {
        return null;
      }
    },
    async delete(key) {
      const file = resolve(key);
      await rm(file, { force: true });
      await rm(`${file}.type`, { force: true });
    },
  };
}
