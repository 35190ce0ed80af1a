import { type ExecutionResult, GraphQLError } from 'graphql';
import { isAsyncIterable, mapAsyncIterator, type Plugin } from 'graphql-yoga';

/**
 * A Yoga plugin that passes every error of a result (of each result in a batch, of each event of
 * a subscription) through `rewrite` on its way out.
 */
export function useErrorRewrite(rewrite: (error: GraphQLError) => GraphQLError): Plugin {
  const rewriteResult = (result: ExecutionResult) =>
    result.errors?.length ? { ...result, errors: result.errors.map(rewrite) } : result;
  return {
    onResultProcess({ result, setResult }) {
      if (isAsyncIterable(result))
        setResult(mapAsyncIterator(result as AsyncIterableIterator<ExecutionResult>, rewriteResult));
      else setResult(Array.isArray(result) ? result.map(rewriteResult) : rewriteResult(result));
    },
  };
}

/** The same error, at the same place and from the same cause, with another message or extensions. */
export function rewrittenError(
  error: GraphQLError,
  {
    message = error.message,
    extensions = error.extensions,
  }: { message?: string; extensions?: GraphQLError['extensions'] },
): GraphQLError {
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions,
  });
}
