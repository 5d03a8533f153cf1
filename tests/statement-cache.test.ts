import { Database } from "bun:sqlite";
import { expect, test } from "bun:test";
import { plannedOnce, withStatementCache } from "../src/db/drivers/statement-cache";

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

test("compared parameters are planned once: the same rows from a join, INDEXED BY statements untouched", () => {
  expect(plannedOnce('select * from a join b on b.id = a.b_id where a.id = ? and b.kind <> ? and a.n >= ?')).toBe(
    "select * from a join b on b.id = a.b_id where a.id = +? and b.kind <> +? and a.n >= +?",
  );
  expect(plannedOnce("select v from n where (v = ?) limit ? offset ?")).toBe("select v from n where (v = +?) limit cast(? as integer) offset cast(? as integer)");
  // Inserts, IN lists, function arguments and numbered parameters keep their form.
  expect(plannedOnce("insert into n (v) values (?, ?1) on conflict do update set v = ?")).toBe("insert into n (v) values (?, ?1) on conflict do update set v = +?");
  expect(plannedOnce("select v from n where v in (?, ?) and v = json_extract(?, '$.v')")).toBe("select v from n where v in (?, ?) and v = json_extract(?, '$.v')");
  expect(plannedOnce("select v from n indexed by n_v where v = ?")).toBe("select v from n indexed by n_v where v = ?");

  const sqlite = numbers();
  sqlite.exec("CREATE TABLE tag (v INTEGER PRIMARY KEY, name TEXT); INSERT INTO tag VALUES (3, 'three'), (4, 'four'), (5, 'five')");
  const { client } = withStatementCache(sqlite);
  const tagged = client.prepare("select n.v, tag.name from n join tag on tag.v = n.v where n.v >= ? and tag.name <> ? order by n.v");
  expect(tagged.values(4, "five")).toEqual([[4, "four"]]);
  expect(tagged.values(3, "none")).toEqual([[3, "three"], [4, "four"], [5, "five"]]);
  // Text and numbers compare as they did: unary plus changes no value.
  expect(client.prepare("select count(*) from n where v = ?").values("7")).toEqual([[1]]);
  expect(client.prepare("select count(*) from tag where name = ?").values("four")).toEqual([[1]]);
});
