import { builder } from '../builder.ts';

/** How a vague figure (an interval) becomes one number when an aggregate needs one. */
export const vaguenessPolicies = ['CONSERVATIVE', 'MIDPOINT', 'HIGH'] as const;
export type VaguenessPolicyName = (typeof vaguenessPolicies)[number];

export const VaguenessPolicy = builder.enumType('VaguenessPolicy', {
  description: 'How an interval ("about 300", "over 10,000", "hundreds") becomes one number where one is needed.',
  values: {
    CONSERVATIVE: { description: 'The lower bound: the least the figure says.' },
    MIDPOINT: { description: 'The best value given, else the middle of a closed interval (null when open).' },
    HIGH: { description: 'The upper bound (null when the interval is open upwards).' },
  } satisfies Record<VaguenessPolicyName, { description: string }>,
});

export interface PolicyInterval {
  low: number | null;
  best: number | null;
  high: number | null;
}

/** The one number an interval stands for under a policy; null when the policy has nothing to take. */
export function pointOf(interval: PolicyInterval, policy: VaguenessPolicyName): number | null {
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
