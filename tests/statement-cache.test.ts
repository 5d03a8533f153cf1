import { Database } from "bun:sqlite";
import { expect, test } from "bun:test";
import { withStatementCache } from "../src/db/drivers/statement-cache";

function numbers() {
  const sqlite = new Database(":memory:");
  sqlite.exec("CREATE TABLE n (v INTEGER); WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 10) INSERT INTO n SELECT i FROM s");
  return sqlite;
}

test("bound LIMIT and OFFSET still page exactly, with the same placeholders", () => {
  const { client } = withStatementCache(numbers());
  const page = client.prepare("select v from n order by v limit ? offset ?");
  expect(page.values(3, 4).flat()).toEqual([5, 6, 7]);
  expect(page.values(2, 0).flat()).toEqual([1, 2]);
  expect(client.prepare("select v from n where v > ? order by v limit ?").values(8, 5).flat()).toEqual([9, 10]);
});

test("the same SQL reuses its compiled statement; the least recently used is dropped beyond capacity", () => {
  const { client } = withStatementCache(numbers(), 2);
  const first = client.prepare("select count(*) from n");
  expect(client.prepare("select count(*) from n")).toBe(first);
  client.prepare("select 1");
  client.prepare("select count(*) from n"); // used again: now the most recent
  client.prepare("select 2");
  expect(client.prepare("select count(*) from n")).toBe(first);
  const one = client.prepare("select 1");
  expect(one.values()).toEqual([[1]]);
  // Everything else on the connection is the real one.
  expect(client.query("select sum(v) as s from n").get()).toEqual({ s: 55 });
});

test("statements that may write are counted as they run; reads are not", () => {
  const { client, writes } = withStatementCache(numbers());
  const read = client.prepare("select count(*) from n");
  read.values();
  read.get();
  expect(writes()).toBe(0);
  const add = client.prepare("insert into n (v) values (?)");
  add.run(11);
  add.run(12);
  client.prepare("update n set v = v + 1 where v = ?").run(12);
  expect(writes()).toBe(3);
  client.exec("delete from n where v > 10");
  expect(writes()).toBe(4);
  expect(client.prepare("select count(*) as c from n").get()).toEqual({ c: 10 });
});
