/**
 * The connection pool's prepared statements: a statement marked with
 * `prepared` (first or last) is parsed and planned once per connection and then reused; any
 * other statement stays unnamed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { connectDatabase, isMarkedPrepared, markPrepared, prepared, type DatabaseHandle } from './database.ts';

let database: TestDatabase;
let one: DatabaseHandle;

before(async () => {
  database = await createTestDatabase({ empty: true });
  // One connection: what one statement prepared, the next sees.
  one = connectDatabase(database.url, { max: 1 });
});
after(async () => {
  await one.close();
  await database.drop();
});

const preparedHere = async (): Promise<{ name: string; statement: string }[]> =>
  (await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements where name like 'rathaus_%' order by statement`.execute(one.db)).rows;

test('a marked statement is prepared once per connection and runs with each call’s parameters', async () => {
  const square = (n: number) => sql<{ v: number }>`${prepared} select ${n}::int * ${n}::int as v`.execute(one.db);
  assert.equal((await square(3)).rows[0]?.v, 9);
  assert.equal((await square(7)).rows[0]?.v, 49);
  const statements = await preparedHere();
  assert.equal(statements.length, 1, JSON.stringify(statements));
  assert.match(statements[0]?.statement ?? '', /^\/\* prepared \*\/ select \$1::int \* \$2::int as v$/);
  assert.match(statements[0]?.name ?? '', /^rathaus_[0-9a-f]{32}$/);

  // Unmarked statements are not prepared; another marked text is its own statement, also inside a transaction.
  assert.equal((await sql<{ v: number }>`select ${2}::int + 2 as v`.execute(one.db)).rows[0]?.v, 4);
  await one.db.transaction().execute(async (tx) => {
    assert.equal((await sql<{ v: string }>`${prepared} select upper(${'ok'}) as v`.execute(tx)).rows[0]?.v, 'OK');
  });
  assert.equal((await preparedHere()).length, 2);
  assert.equal((await square(4)).rows[0]?.v, 16, 'the first statement is still there and reused');
  assert.equal((await preparedHere()).length, 2);
});

test('a built query marked at its end is prepared too; pg-boss texts get the mark appended', async () => {
  const before = (await preparedHere()).length;
  const lookup = (n: number) => one.db.selectFrom(sql<{ v: number }>`(select ${n}::int as v)`.as('t')).select('t.v').modifyEnd(prepared).executeTakeFirstOrThrow();
  assert.equal((await lookup(5)).v, 5);
  assert.equal((await lookup(6)).v, 6);
  const after = await preparedHere();
  assert.equal(after.length, before + 1, JSON.stringify(after));
  assert.ok(after.some((s) => s.statement.endsWith(' /* prepared */')));
  assert.equal(markPrepared('select 1'), 'select 1 /* prepared */');
  assert.equal(markPrepared('select 1 /* prepared */'), 'select 1 /* prepared */');
  assert.ok(isMarkedPrepared('/* prepared */ select 1') && !isMarkedPrepared('select /* prepared */ 1'));
});

test('an error in a prepared statement leaves the connection usable', async () => {
  const divide = (n: number) => sql<{ v: number }>`${prepared} select 10 / ${n}::int as v`.execute(one.db);
  await assert.rejects(divide(0), /division by zero/);
  assert.equal((await divide(5)).rows[0]?.v, 2);
});
