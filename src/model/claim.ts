import { z } from 'zod';
import { attributions, claimKinds } from '../db/schema.ts';
import { defineModel, period, quantities, reference, references } from './codec.ts';
import { periodSchema, quantitySchema, text } from './fields.ts';

/**
 * One statement in an article: who said what, about whom, where, when and how much. Stored in
 * `claims`, its subjects in `claim_subjects`, its quantities in `quantities`.
 */
export const claimModel = defineModel({
  type: 'claim',
  fields: (ref) => ({
    article: ref('article'),
    statement: text(5000),
    kind: z.enum(claimKinds),
    attribution: z.enum(attributions),
    claimant: ref('actor', 'official').optional(),
    subjects: z.array(ref('actor')).max(100, 'must hold at most 100 subjects').default([]),
    region: ref('region').optional(),
    period: periodSchema.optional(),
    quantities: z.array(quantitySchema).max(100, 'must hold at most 100 quantities').default([]),
  }),
  codecs: {
    article: reference('articleId', 'article'),
    // One of two columns, by the type of what the reference names.
    claimant: {
      toRow: (value, resolve, field) => {
        const claimant = value === undefined ? undefined : resolve(value as string, field, ['official', 'actor']);
        return {
          claimantActorId: claimant?.type === 'actor' ? claimant.id : null,
          claimantOfficialId: claimant?.type === 'official' ? claimant.id : null,
        };
      },
      fromRow: (row, ref) =>
        row.claimantOfficialId !== null
          ? ref('official', row.claimantOfficialId as number)
          : row.claimantActorId !== null
            ? ref('actor', row.claimantActorId as number)
            : null,
    },
    subjects: references('subjectIds', 'actor'),
    region: reference('regionId', 'region'),
    period,
    quantities: quantities('quantities'),
  },
});
