import { builder } from '../builder.ts';
import { type TimeBucketName, timeBuckets } from '../aggregates/time-buckets.ts';

export const TimeBucket = builder.enumType('TimeBucket', {
  description: 'The length of the periods a series is cut into.',
  values: {
    DAY: { description: 'One calendar day (UTC).' },
    WEEK: { description: 'An ISO week, Monday to Sunday.' },
    MONTH: { description: 'A calendar month.' },
  } satisfies Record<TimeBucketName, { description: string }>,
});

export { timeBuckets };
