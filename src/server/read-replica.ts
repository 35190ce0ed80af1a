import type { Plugin } from 'graphql-yoga';
import { getOperationAST } from 'graphql';
import type { AnyDb } from '../db/engine.ts';
import type { Context } from '../graphql/context.ts';

/**
 * With a read replica, queries read the replica (the context's `db`), and mutations and
 * subscriptions run on the primary, answer included: a replica takes no writes, hears no
 * notifications, and may not yet have what was just written.
 */
export function usePrimaryForWrites(primary: AnyDb): Plugin<Context> {
  const onPrimary = (args: { document: Parameters<typeof getOperationAST>[0]; operationName?: string | null }) =>
    getOperationAST(args.document, args.operationName)?.operation !== 'query';
  return {
    onExecute: ({ args, extendContext }) => {
      if (onPrimary(args)) extendContext({ db: primary });
    },
    onSubscribe: ({ args, extendContext }) => {
      if (onPrimary(args)) extendContext({ db: primary });
    },
  };
}
