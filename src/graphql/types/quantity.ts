import { builder } from '../builder.ts';
import { columnField } from '../column-field.ts';
import { Metric } from './enums.ts';

export { Metric };

export const Quantity = builder.drizzleObject('quantities', {
  name: 'Quantity',
  shareable: true,
  description: 'A number as the source gave it: exact, a range, a bound or a vague amount.',
  fields: (t) => ({
    metric: columnField(t, 'metric', 'What the number counts.', Metric),
    unit: columnField(t, 'unit', "What is counted: 'soldiers', 'km2'."),
    best: columnField(t, 'best', "Point estimate when the source gives one (50 for 'killed 50')."),
    low: columnField(t, 'low', "Lower bound (100 for 'hundreds', 10000 for 'over 10,000')."),
    high: columnField(t, 'high', 'Upper bound; null when open-ended.'),
    approximate: columnField(t, 'approximate', 'Whether the source hedged the number.'),
    phrase: columnField(t, 'phrase', "The source's wording: 'hundreds', 'over 10,000'."),
  }),
});
