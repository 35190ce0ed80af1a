import type { ObjectRef } from '@pothos/core';
import { builder, type Types } from './builder.ts';

type Count = number | (() => number | Promise<number>);

/**
 * One Connection and Edge type per node type, shared by every field that pages over it.
 * `relatedConnection` hands `totalCount` over as a number, `drizzleConnection` as a function.
 */
export function connectionOf<Shape>(type: ObjectRef<Types, Shape>, name: string) {
  return builder.connectionObject(
    {
      type,
      name: `${name}Connection`,
      description: `A page of ${name} items.`,
      fields: (t) => ({
        totalCount: t.int({
          description: 'How many items match, across all pages.',
          resolve: (connection) => {
            const count = (connection as { totalCount?: Count }).totalCount;
            if (count === undefined) throw new Error(`${name}Connection.totalCount was not provided`);
            return typeof count === 'function' ? count() : count;
          },
        }),
      }),
    },
    { name: `${name}Edge` },
  );
}
