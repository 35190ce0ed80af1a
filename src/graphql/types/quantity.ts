import { builder } from '../builder.ts';
import { Metric } from './enums.ts';

export { Metric };

export const Quantity = builder.drizzleObject('quantities', {
  name: 'Quantity',
  shareable: true,
  description: 'A number as the source gave it: exact, a range, a bound or a vague amount.',
  fields: (t) => ({
    metric: t.field({ type: Metric, description: 'What the number counts.', resolve: (row) => row.metric }),
    unit: t.string({ nullable: true, description: "What is counted: 'soldiers', 'km2'.", resolve: (row) => row.unit }),
    best: t.float({
      nullable: true,
      description: "Point estimate when the source gives one (50 for 'killed 50').",
      resolve: (row) => row.best,
    }),
    low: t.float({
      nullable: true,
      description: "Lower bound (100 for 'hundreds', 10000 for 'over 10,000').",
      resolve: (row) => row.low,
    }),
    high: t.float({ nullable: true, description: 'Upper bound; null when open-ended.', resolve: (row) => row.high }),
    approximate: t.boolean({ description: 'Whether the source hedged the number.', resolve: (row) => row.approximate }),
    phrase: t.string({
      nullable: true,
      description: "The source's wording: 'hundreds', 'over 10,000'.",
      resolve: (row) => row.phrase,
    }),
  }),
});
