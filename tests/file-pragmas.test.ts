import { expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { filePragmas } from "../src/db/drivers/file-pragmas";

// A connection opened while another holds the file's lock (the reader thread opening while the first
// start migrates) waits for it: the busy timeout is set before any pragma that needs the lock.
test("opening a store another connection has locked waits for the lock instead of failing", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "grocer-pragmas-")), "store.db");
  new Database(file).exec("PRAGMA journal_mode = DELETE; CREATE TABLE t (x)");
  // Another process takes the exclusive lock, says so, and lets go a moment later.
  const holder = Bun.spawn(
    [process.execPath, "-e", `const { Database } = require("bun:sqlite"); const db = new Database(${JSON.stringify(file)}); db.exec("BEGIN EXCLUSIVE"); db.exec("INSERT INTO t VALUES (1)"); console.log("locked"); setTimeout(() => { db.exec("COMMIT"); db.close(); }, 300);`],
    { stdout: "pipe" },
  );
  const reader = holder.stdout.getReader();
  let said = "";
  while (!said.includes("locked")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the lock holder stopped before taking the lock");
    said += new TextDecoder().decode(value);
  }
  const db = new Database(file);
  for (const pragma of filePragmas()) db.exec(pragma);
  expect(db.query("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
  expect(db.query("SELECT count(*) AS n FROM t").get()).toEqual({ n: 1 });
  db.close();
  expect(await holder.exited).toBe(0);
});
