import { createTestDatabase, type TestDatabase } from '@bulwark/testing';
import { Pool } from 'pg';
import { copyOut, type CopyField } from './copy-out';

describe('copyOut (real PostgreSQL)', () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase('copyout');
    // one connection, so every test also shows the connection is fit for the next query
    pool = new Pool({ connectionString: db.url, max: 1 });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  /** Every tuple, its fields copied out of the callback (they are views of pg's buffer). */
  async function tuples(query: string): Promise<{ count: number; rows: (Buffer | null)[][] }> {
    const rows: (Buffer | null)[][] = [];
    const count = await copyOut(pool, query, (fields: CopyField[]) =>
      rows.push(fields.map((f) => (f === null ? null : Buffer.from(f)))),
    );
    return { count, rows };
  }

  it('hands over each tuple in order, text as its UTF-8 bytes, nulls as null', async () => {
    const { count, rows } = await tuples(
      `SELECT n::int4, 'Student ' || n || ' 周秀宇', CASE WHEN n % 2 = 0 THEN NULL ELSE n::text END
         FROM generate_series(1, 3) AS g(n) ORDER BY g.n`,
    );
    expect(count).toBe(3);
    expect(rows.map((r) => r[0]!.readInt32BE(0))).toEqual([1, 2, 3]);
    expect(rows.map((r) => r[1]!.toString('utf8'))).toEqual([
      'Student 1 周秀宇',
      'Student 2 周秀宇',
      'Student 3 周秀宇',
    ]);
    expect(rows.map((r) => r[2]?.toString('utf8') ?? null)).toEqual(['1', null, '3']);
  });

  it('reads many large tuples whole (pg reuses its read buffer under them)', async () => {
    const { count, rows } = await tuples(
      `SELECT n, repeat(chr(20000 + n % 50), 700 + n % 300) FROM generate_series(1, 3000) AS n ORDER BY n`,
    );
    expect(count).toBe(3000);
    rows.forEach((row, i) => {
      const n = i + 1;
      expect(row[1]!.toString('utf8')).toBe(
        String.fromCharCode(20000 + (n % 50)).repeat(700 + (n % 300)),
      );
    });
  });

  it('resolves with no tuples for an empty result', async () => {
    expect(await tuples('SELECT 1 WHERE false')).toEqual({ count: 0, rows: [] });
  });

  it("rejects with PostgreSQL's error, and the connection serves the next query", async () => {
    await expect(tuples('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);
    await expect(tuples('SELECT 1 / (n - 2) FROM generate_series(1, 3) AS n')).rejects.toThrow(
      /division by zero/,
    );
    const { rows } = await pool.query<{ ok: number }>('SELECT 1 AS ok');
    expect(rows).toEqual([{ ok: 1 }]);
  });

  it('rejects when the callback throws, after PostgreSQL is done, and the connection is still fit', async () => {
    let seen = 0;
    await expect(
      copyOut(pool, 'SELECT n FROM generate_series(1, 100) AS n', () => {
        seen += 1;
        if (seen === 10) throw new Error('cannot take tuple 10');
      }),
    ).rejects.toThrow(/cannot take tuple 10/);
    expect(seen).toBe(10);
    expect((await tuples('SELECT 7::int4')).rows[0]?.[0]?.readInt32BE(0)).toBe(7);
  });
});
