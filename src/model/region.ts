import { z } from 'zod';
import { regionKinds } from '../db/schema.ts';
import { defineModel, reference } from './codec.ts';
import { country, text } from './fields.ts';
import { geometry } from './geometry.ts';

/** A country, province, district or settlement, in a tree. Stored in `regions`. */
export const regionModel = defineModel({
  type: 'region',
  fields: (ref) => ({
    name: text(200),
    kind: z.enum(regionKinds),
    country: country.optional(),
    parent: ref('region').optional(),
    geometry: geometry.optional(),
  }),
  codecs: { parent: reference('parentId', 'region') },
});
