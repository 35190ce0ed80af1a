import type { EnumRef } from '@pothos/core';
import type { DrizzleObjectFieldBuilder } from '@pothos/plugin-drizzle';
import { type Column, getColumns } from 'drizzle-orm';
import { relations } from '../db/relations.ts';
import type { Types } from './builder.ts';

type Scalar = 'String' | 'Int' | 'Float' | 'Boolean' | 'Date' | 'DateTime';

/** The GraphQL scalar a column's values are, where the column says it; dates are text and say nothing. */
function scalarOf(column: Column): Scalar | undefined {
  const [kind, constraint] = column.dataType.split(' ');
  if (kind === 'boolean') return 'Boolean';
  if (kind === 'number') return constraint?.startsWith('int') ? 'Int' : 'Float';
  if (kind === 'string' && !constraint) return 'String';
  return undefined;
}

/**
 * A field that is one stored column of its type's table, in one line:
 * `note: columnField(t, 'note', 'What the note says.')`. Nullable exactly when the column is; typed
 * String, Int, Float or Boolean as the column is, or as `type` says (Date and DateTime, stored as
 * text, and the GraphQL enum of an enum column). The whole row is loaded anyway, so the field
 * resolves from it without a column selection of its own (see the drizzle options in builder.ts).
 */
export function columnField<Row extends object, Key extends keyof Row & string>(
  // Only the table's columns (the builder's last type parameter) matter here.
  t: DrizzleObjectFieldBuilder<Types, any, any, Row>,
  key: Key,
  description: string,
  type?: Scalar | EnumRef<Types, string>,
) {
  const table = relations[t.table as keyof typeof relations].table;
  const column = (getColumns(table) as Record<string, Column>)[key];
  if (!column) throw new Error(`${t.typename}: table ${t.table} has no column ${key}`);
  const fieldType = type ?? scalarOf(column);
  if (!fieldType) throw new Error(`${t.typename}: column ${key} (${column.dataType}) needs its GraphQL type given`);
  return t.field({
    type: fieldType,
    nullable: !column.notNull,
    description,
    resolve: (row: Row) => row[key],
  } as never);
}
