import type { FigureInterval } from '../aggregates/contradiction-rule.ts';
import { builder } from '../builder.ts';

export const FigureRange = builder.objectRef<FigureInterval>('FigureRange').implement({
  description: 'An interval of values, each end inclusive or not; a null end is open.',
  fields: (t) => ({
    low: t.exposeFloat('low', { nullable: true, description: 'The lower end; null when unbounded.' }),
    high: t.exposeFloat('high', { nullable: true, description: 'The upper end; null when open-ended.' }),
    lowInclusive: t.exposeBoolean('lowInclusive', { description: 'Whether the lower end itself is in the interval.' }),
    highInclusive: t.exposeBoolean('highInclusive', {
      description: 'Whether the upper end itself is in the interval.',
    }),
  }),
});

/** An interval as the source's reader would write it: [990, 1210], (3000, open). */
export const rangeText = (i: FigureInterval) =>
  `${i.low === null ? '(open' : `${i.lowInclusive ? '[' : '('}${i.low}`}, ${i.high === null ? 'open)' : `${i.high}${i.highInclusive ? ']' : ')'}`}`;
