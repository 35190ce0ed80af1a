import { z } from 'zod';
import { seniorities, sourceDomains } from '../db/schema.ts';
import { defineModel, names, reference, type StoredRow } from './codec.ts';
import { country, isoDate, text } from './fields.ts';

interface Role {
  title: string;
  actor: string;
  since?: string;
  until?: string;
}

/**
 * A person who speaks for a body, named or not. Stored in `officials`, their roles in `roles`,
 * other spellings of their name in `official_aliases`. An unnamed source is described by what
 * reporting says of them (seniority, domain, country, body) and may carry a reviewed link to
 * another unnamed source that is probably the same person.
 */
export const officialModel = defineModel({
  type: 'official',
  fields: (ref) => ({
    name: text(200).optional().describe('Left out for an unnamed source.'),
    description: text(500),
    aliases: z
      .array(text(200))
      .max(50, 'must hold at most 50 aliases')
      .default([])
      .describe("Other spellings of the name ('Syrsky' beside 'Syrskyi'); the official is found by any of them."),
    seniority: z.enum(seniorities).optional().describe("An unnamed source's rank as reported: 'a senior official'."),
    domain: z.enum(sourceDomains).optional().describe("An unnamed source's field: 'a military official'."),
    country: country.optional().describe("An unnamed source's country: 'a U.S. official'."),
    body: ref('actor').optional().describe("The body an unnamed source speaks from: 'a Pentagon official'."),
    sameSourceAs: z
      .object({
        official: ref('official').describe('The other unnamed source.'),
        reviewedBy: text(200).describe('Who judged the two to be probably the same person.'),
        reason: text(1000).optional().describe('Why.'),
      })
      .strict()
      .optional()
      .describe('A reviewed judgement that this unnamed source is probably the same person as another one.'),
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
    aliases: names('aliases'),
    body: reference('bodyId', 'actor'),
    sameSourceAs: {
      toRow: (value, resolve, field) => {
        const link = value as { official: string; reviewedBy: string; reason?: string } | undefined;
        return {
          sameSourceAsId:
            link === undefined ? null : (resolve(link.official, `${field}.official`, ['official'])?.id ?? 0),
          sameSourceReviewedBy: link?.reviewedBy ?? null,
          sameSourceReason: link?.reason ?? null,
        };
      },
      fromRow: (row, ref) =>
        row.sameSourceAsId === null
          ? null
          : {
              official: ref('official', row.sameSourceAsId as number),
              reviewedBy: row.sameSourceReviewedBy,
              reason: row.sameSourceReason,
            },
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

/** The rules across an official's fields: a probable-same-source link is for unnamed sources. */
export function officialIssues(o: { name?: string | null; sameSourceAs?: unknown }) {
  return o.sameSourceAs !== undefined && o.sameSourceAs !== null && o.name !== undefined && o.name !== null
    ? [{ path: ['sameSourceAs'], message: 'only an unnamed source links to the source it is probably the same as' }]
    : [];
}
