import { builder } from '../builder.ts';

/**
 * How an aggregate turns a vague figure (an interval under the number conventions) into one number
 * when it needs one. Every aggregate that does says which policy it applied, beside the interval
 * itself, so a reader can always see what the point was taken from.
 */
export const vaguenessPolicies = ['CONSERVATIVE', 'MIDPOINT', 'HIGH'] as const;
export type VaguenessPolicyName = (typeof vaguenessPolicies)[number];

export const VaguenessPolicy = builder.enumType('VaguenessPolicy', {
  description: 'How a vague figure (an interval) becomes one number where an aggregate needs one.',
  values: {
    CONSERVATIVE: { description: "The lower bound: 'hundreds' counts as 200, 'over 10,000' as 10,000." },
    MIDPOINT: {
      description:
        "The best value the source gave, else the middle of a closed interval ('hundreds' is 599.5); null when a bound is open.",
    },
    HIGH: { description: "The upper bound: 'hundreds' counts as 999; null when open-ended ('over 10,000')." },
  } satisfies Record<VaguenessPolicyName, { description: string }>,
});

/** The bounds and best value of a figure, as the number conventions give them (null: open or unknown). */
export interface Bounds {
  low: number | null;
  high: number | null;
  best: number | null;
}

/** The one number a figure stands for under a policy; null when the policy's bound is open. */
export function pointOf(interval: Bounds, policy: VaguenessPolicyName): number | null {
  switch (policy) {
    case 'CONSERVATIVE':
      return interval.low;
    case 'HIGH':
      return interval.high;
    case 'MIDPOINT':
      if (interval.best !== null) return interval.best;
      return interval.low !== null && interval.high !== null ? (interval.low + interval.high) / 2 : null;
  }
}
