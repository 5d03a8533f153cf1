import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { migrationJournal } from "../db/journal";

/**
 * The compiled binary carries drizzle/ inside it. Drizzle's migrators read a folder, so the
 * embedded SQL files and the bundled journal are written to a private temporary folder for the run.
 */
export function unpackMigrations(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), "grocer-migrations-"));
  mkdirSync(join(folder, "meta"));
  writeFileSync(join(folder, "meta", "_journal.json"), JSON.stringify(migrationJournal));
  for (const [path, embedded] of Object.entries(files)) {
    const target = join(folder, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, readFileSync(embedded));
  }
  return folder;
}
