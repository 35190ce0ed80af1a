import { z } from 'zod';
import { defineModel, type StoredRow } from './codec.ts';
import { isoDate, text } from './fields.ts';

interface Role {
  title: string;
  actor: string;
  since?: string;
  until?: string;
}

/** A person who speaks for a body, named or not. Stored in `officials`, their roles in `roles`. */
export const officialModel = defineModel({
  type: 'official',
  fields: (ref) => ({
    name: text(200).optional().describe('Left out for an unnamed source.'),
    description: text(500),
    roles: z
      .array(
        z
          .object({ title: text(200), actor: ref('actor'), since: isoDate.optional(), until: isoDate.optional() })
          .strict()
          .refine((r) => !r.since || !r.until || r.since <= r.until, {
            message: 'since must not be after until',
            path: ['until'],
          }),
      )
      .max(100, 'must hold at most 100 roles')
      .default([]),
  }),
  codecs: {
    // `anonymous` is stored beside the name so that unnamed sources can be listed from an index.
    name: {
      toRow: (value) => ({ name: value ?? null, anonymous: value === undefined }),
      fromRow: (row) => row.name,
    },
    roles: {
      toRow: (value, resolve, field) => ({
        roles: ((value ?? []) as Role[]).map((role, i) => ({
          title: role.title,
          actorId: resolve(role.actor, `${field}[${i}].actor`, ['actor'])?.id ?? 0,
          since: role.since ?? null,
          until: role.until ?? null,
        })),
      }),
      fromRow: (row, ref) =>
        (row.roles as StoredRow[]).map((r) => ({
          title: r.title,
          actor: ref('actor', r.actorId as number),
          since: r.since,
          until: r.until,
        })),
    },
  },
});
