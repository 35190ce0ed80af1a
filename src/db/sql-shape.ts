import { Column, getTableName, is, Name, Param, Placeholder, SQL, StringChunk, Table } from 'drizzle-orm';

/** What a value of an SQL chunk becomes: its placeholder (when building), named in the order met. */
export type ValueSlot = (value: string | number) => Placeholder | undefined;

/**
 * The shape of an SQL chunk: the text it stands for, `?` for each value (text or a finite number),
 * and, when `slot` gives placeholders, the same chunk with each value replaced by its placeholder.
 * A value bound through a column (`eq(column, value)`) keeps the column as its encoder, so drizzle
 * still encodes what the placeholder is filled with. Undefined for anything it cannot read all of
 * (a Date, a boolean, a subquery, inlined parameters): such a chunk is keyed some other way.
 *
 * Build the text from one table and the placeholders from another (the alias a query reads the
 * table under): the values come in the same order, as long as the chunk is built the same way.
 */
export function sqlShape(chunk: unknown, slot: ValueSlot): [text: string, chunk: unknown] | undefined {
  const text: string[] = [];
  const shaped = walk(chunk, text, slot);
  return shaped === unreadable ? undefined : [text.join(''), shaped];
}

const unreadable = Symbol('unreadable');

function walk(chunk: unknown, text: string[], slot: ValueSlot): unknown {
  if (chunk === undefined) return chunk;
  if (typeof chunk === 'string' || (typeof chunk === 'number' && Number.isFinite(chunk))) {
    text.push('?');
    return slot(chunk) ?? chunk;
  }
  if (Array.isArray(chunk)) {
    text.push('(');
    const items = [];
    for (const item of chunk) {
      const shaped = walk(item, text, slot);
      if (shaped === unreadable) return unreadable;
      items.push(shaped);
      text.push(',');
    }
    text.push(')');
    return items;
  }
  // Each piece of text quoted, so that no text can read as a value's `?`.
  if (is(chunk, StringChunk)) {
    text.push(JSON.stringify(chunk.value.join('')));
    return chunk;
  }
  if (is(chunk, Name)) {
    text.push(`name${JSON.stringify(chunk.value)}`);
    return chunk;
  }
  if (is(chunk, Column)) {
    text.push(`column${JSON.stringify([getTableName((chunk as unknown as { table: Table }).table), chunk.name])}`);
    return chunk;
  }
  if (is(chunk, Table)) {
    text.push(`table${JSON.stringify(getTableName(chunk))}`);
    return chunk;
  }
  if (is(chunk, Param)) {
    const { value } = chunk;
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)))) return unreadable;
    text.push('?');
    const placeholder = slot(value);
    return placeholder ? new Param(placeholder, chunk.encoder) : chunk;
  }
  if (is(chunk, SQL)) {
    if ((chunk as unknown as { shouldInlineParams: boolean }).shouldInlineParams) return unreadable;
    const chunks = [];
    let changed = false;
    text.push('{');
    for (const item of chunk.queryChunks) {
      const shaped = walk(item, text, slot);
      if (shaped === unreadable) return unreadable;
      changed ||= shaped !== item;
      chunks.push(shaped);
    }
    text.push('}');
    return changed ? new SQL(chunks as SQL['queryChunks']) : chunk;
  }
  return unreadable;
}
