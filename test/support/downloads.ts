/**
 * Catches the files an element saves through a temporary link's `click()` (CSV, PNG exports):
 * runs `act`, waits for `count` downloads and gives their names and contents.
 */
import { until } from '../storage/repository-suite.js';

/** A file an element tried to save. */
export interface Download {
  name: string;
  blob: Promise<Blob>;
}

export async function captureDownloads(count: number, act: () => void): Promise<Download[]> {
  const files: Download[] = [];
  const original = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    files.push({ name: this.download, blob: fetch(this.href).then((r) => r.blob()) });
  };
  try {
    act();
    await until(() => files.length === count, 3000, `${count} downloads`);
  } finally {
    HTMLAnchorElement.prototype.click = original;
  }
  return files;
}
