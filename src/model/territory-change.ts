import { z } from 'zod';
import { amountSchemaWith, periodSchema } from './fields.ts';
import { defineModel, period, quantities, reference } from './codec.ts';

/** Ground gained or lost in a region, as a claim or article reports it. Stored in `territory_changes`. */
export const territoryChangeModel = defineModel({
  type: 'territoryChange',
  fields: (ref) => ({
    region: ref('region'),
    gainedBy: ref('actor').optional(),
    lostBy: ref('actor').optional(),
    claim: ref('claim').optional(),
    article: ref('article').optional(),
    period: periodSchema.optional(),
    amount: z.array(amountSchemaWith(ref)).max(10, 'must hold at most 10 amounts').default([]),
  }),
  codecs: {
    region: reference('regionId', 'region'),
    gainedBy: reference('gainedById', 'actor'),
    lostBy: reference('lostById', 'actor'),
    claim: reference('claimId', 'claim'),
    article: reference('articleId', 'article'),
    period,
    amount: quantities('amount'),
  },
});

/** The one rule across a territory change's fields; checked on records, inputs and merged updates alike. */
export const sidesDiffer = {
  holds: (gained: unknown, lost: unknown) => gained === null || gained === undefined || gained !== lost,
  message: 'gainedBy and lostBy must differ',
  field: 'lostBy',
};
