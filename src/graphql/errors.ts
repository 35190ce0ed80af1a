import { InputValidationError, type StandardSchemaV1 } from '@pothos/plugin-validation';
import type { Usage } from '../store/store.ts';
import { builder } from './builder.ts';

/**
 * The typed errors mutations answer with (@pothos/plugin-errors): each a union member of the
 * mutation's payload, all implementing `MutationError`. Anything else that goes wrong is a plain
 * GraphQL error (and the transaction is rolled back all the same). *
 * Their GraphQL names carry the `Claimgraph` prefix: another subgraph's `NotFoundError` or
 * `ValidationError` has fields of its own, and federation composes two types of one name only when
 * both subgraphs can resolve every field of it.
 */

export { InputValidationError as ValidationError };

/** A referenced or updated object that does not exist. */
export class NotFoundError extends Error {
  constructor(
    readonly id: string,
    readonly path: string[],
    message = `there is nothing with the id ${id}`,
  ) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** Creating (or renaming into) something that already exists under its natural key. */
export class ConflictError extends Error {
  constructor(
    message: string,
    readonly existingId: string,
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** Deleting something that other objects still refer to. */
export class InUseError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly usages: Usage[],
  ) {
    super(message);
    this.name = 'InUseError';
  }
}

/** A validation failure found after the input was read (against the stored object): same type, same shape. */
export function validationError(issues: { path: PropertyKey[]; message: string }[]) {
  return new InputValidationError({ issues: issues.map((i) => ({ message: i.message, path: i.path })) });
}

const pathOf = (issue: StandardSchemaV1.Issue) =>
  (issue.path ?? []).map((part) => String(typeof part === 'object' ? part.key : part));

const MutationError = builder.interfaceRef<Error>('ClaimgraphMutationError').implement({
  description: 'Why a mutation did not change anything.',
  fields: (t) => ({ message: t.exposeString('message', { description: 'What went wrong, for people.' }) }),
});

const FieldError = builder.objectRef<StandardSchemaV1.Issue>('ClaimgraphFieldError').implement({
  description: 'One input field that is not acceptable, and why.',
  fields: (t) => ({
    path: t.stringList({
      description: 'Where the field is: ["input", "quantities", "0", "high"].',
      resolve: pathOf,
    }),
    message: t.exposeString('message', { description: "Why: 'high must not be below low'." }),
  }),
});

builder.objectType(InputValidationError, {
  name: 'ClaimgraphValidationError',
  description: 'The input breaks one or more rules; every failing field is listed.',
  interfaces: [MutationError],
  fields: (t) => ({
    fields: t.field({
      type: [FieldError],
      description: 'Each problem found, with where in the input it is.',
      resolve: (error) => [...error.issues],
    }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'ClaimgraphNotFoundError',
  description: 'An id names nothing (it may have been deleted).',
  interfaces: [MutationError],
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The id that names nothing.' }),
    path: t.exposeStringList('path', { description: 'The input field that holds it.' }),
  }),
});

builder.objectType(ConflictError, {
  name: 'ClaimgraphConflictError',
  description:
    'The object already exists under its natural key (an article by URL, an actor by name and country, ...). Use `onConflict: UPDATE` to update it instead, or `KEEP` to take it as it is.',
  interfaces: [MutationError],
  fields: (t) => ({
    existingId: t.exposeID('existingId', { description: 'Global id of the object that already exists.' }),
  }),
});

const UsageRef = builder.objectRef<Usage>('ClaimgraphUsage').implement({
  description: 'How many objects of one type still refer to the object, and through which field.',
  fields: (t) => ({
    type: t.exposeString('type', { description: "The type of the objects that refer to it: 'Claim'." }),
    field: t.exposeString('field', { description: "The field they refer to it through: 'claimant'." }),
    count: t.exposeInt('count', { description: 'How many objects of that type refer to it through that field.' }),
  }),
});

builder.objectType(InUseError, {
  name: 'ClaimgraphInUseError',
  description: 'The object cannot be deleted while others refer to it; nothing was deleted.',
  interfaces: [MutationError],
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Global id of the object that was not deleted.' }),
    usages: t.field({
      type: [UsageRef],
      description: 'What still refers to the object; delete or change these first.',
      resolve: (error) => error.usages,
    }),
  }),
});

export const writeErrors = [InputValidationError, NotFoundError, ConflictError] as const;
export const deleteErrors = [InputValidationError, NotFoundError, InUseError] as const;
