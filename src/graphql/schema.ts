import { builder } from './builder.ts';
import './types/root.ts';
import './types/actor.ts';
import './types/article.ts';
import './types/claim.ts';
import './types/claim-stats.ts';
import './types/claim-series.ts';
import './types/claim-groups.ts';
import './types/track-records.ts';
import './types/territory-balance.ts';
import './types/compare-claims.ts';
import './types/contradictions.ts';
import './types/live.ts';
import './types/official.ts';
import './types/number-conventions.ts';
import './types/quantity.ts';
import './types/region.ts';
import './types/search.ts';
import './types/territory-change.ts';
import { describeFederation } from '../federation/descriptions.ts';
import { federationFieldsLast } from '../federation/field-order.ts';
import { guardEntities } from './federation.ts';
import { resolveNodeIdsSynchronously } from './relay-node-ids.ts';
import './mutations/mutations.ts';

/**
 * The federation directives the schema uses, for its `@link`. Left out, the plugin builds the whole
 * schema a second time to find them (a tenth of start-up); test/library-seams.test.ts checks that
 * this list is the one it would find.
 */
export const federationDirectives = ['@key', '@shareable'];

/** The schema Yoga serves: the public read contract sorted by name, then `_entities`/`_service`. */
export const schema = federationFieldsLast(
  describeFederation(guardEntities(resolveNodeIdsSynchronously(builder.toSubGraphSchema({ federationDirectives })))),
);
