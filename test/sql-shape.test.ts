import { eq, Param, Placeholder, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { regions } from '../src/db/schema.ts';
import { sqlShape } from '../src/db/sql-shape.ts';

const valuesOf = (chunk: unknown) => {
  const values: unknown[] = [];
  const shape = sqlShape(chunk, (value) => void values.push(value));
  return { text: shape?.[0], values };
};

describe('the shape of an SQL chunk, by which the query cache keys a filter', () => {
  it('is the same for other values, which come in the order they are bound', () => {
    const named = (name: string, parent: number) => sql`${regions.name} = ${name} and ${regions.parentId} = ${parent}`;
    const [a, b] = [valuesOf(named('Kursk', 1)), valuesOf(named('Sudzha', 2))];
    expect(a.text).toBe(b.text);
    expect([a.values, b.values]).toEqual([
      ['Kursk', 1],
      ['Sudzha', 2],
    ]);
  });

  it('tells a question mark in the text from a value', () => {
    expect(valuesOf(sql`${regions.name} = ${'?'}`).text).not.toBe(
      valuesOf(sql`${regions.name} = ${sql.raw("'?'")}`).text,
    );
    expect(valuesOf(sql`${regions.name} = ${sql.raw('?')}`).text).not.toBe(
      valuesOf(sql`${regions.name} = ${'x'}`).text,
    );
  });

  it('reads nothing it cannot put a placeholder for', () => {
    expect(sqlShape(sql`${regions.name} = ${new Date(0)}`, () => undefined)).toBeUndefined();
    expect(sqlShape(sql`${regions.name} = ${true}`, () => undefined)).toBeUndefined();
  });

  it('puts placeholders in place of the values, each still encoded by its column', () => {
    const chunk = eq(regions.geometry, '{"type":"Point"}' as never);
    const placeholder = sql.placeholder('v0');
    const [, shaped] = sqlShape(chunk, () => placeholder)!;
    const params = (shaped as { queryChunks: unknown[] }).queryChunks.filter((c) => c instanceof Param) as Param[];
    expect(params).toHaveLength(1);
    expect(params[0]!.value).toBeInstanceOf(Placeholder);
    expect(params[0]!.encoder).toBe(regions.geometry);
  });
});
