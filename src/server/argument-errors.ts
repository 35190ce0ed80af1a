import { PothosValidationError } from '@pothos/core';
import { InputValidationError } from '@pothos/plugin-validation';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { maxPageSize } from '../graphql/builder.ts';
import { clip, quote } from '../graphql/quote.ts';

const pageSizeArguments = new Set(['first', 'last']);

/**
 * The code of an error the Pothos plugins raise for a bad argument (page sizes, cursors, global
 * ids), with a message that says what to send instead.
 */
export function argumentErrorCode(original: Error): { code: string; message: string } | undefined {
  if (original instanceof InputValidationError) {
    const onPageSize = original.issues.every((issue) => pageSizeArguments.has(String(issue.path?.[0])));
    if (onPageSize && original.issues.length)
      return {
        code: 'PAGE_SIZE_OUT_OF_RANGE',
        message:
          `${original.issues.map((issue) => issue.message).join('; ')}: ask for 0 to ${maxPageSize} items ` +
          '(first or last) and follow pageInfo.endCursor (or startCursor backwards) for the rest.',
      };
    return { code: 'BAD_USER_INPUT', message: original.message };
  }
  if (!(original instanceof PothosValidationError)) return undefined;
  // The library's own first words stay at the front of each message: clients and logs may match them.
  let match = /^Invalid cursor(?:: (.*))?$/s.exec(original.message);
  if (match)
    return {
      code: 'INVALID_CURSOR',
      message:
        `Invalid cursor${match[1] === undefined ? '' : `: ${quote(match[1])}`}; pass a cursor from pageInfo or ` +
        'an edge of an earlier page of the same field, unchanged, or leave after/before out to start at an end.',
    };
  match = /^Invalid global ID: (.*)$/s.exec(original.message);
  if (match) return { code: 'INVALID_ID', message: `Invalid global ID: ${clip(match[1]!)}` };
  match = /^ID: (.*) is not of type: (.*)$/s.exec(original.message);
  if (match)
    return {
      code: 'WRONG_ID_TYPE',
      message: `${original.message}: it is the id of ${typeOf(match[1]!)}; pass the id of ${article(match[2]!)}.`,
    };
  return undefined;
}

const article = (typename: string) => `${/^[AEIOU]/.test(typename) ? 'an' : 'a'} ${typename}`;

function typeOf(globalId: string) {
  try {
    return article(decodeGlobalID(globalId).typename);
  } catch {
    return 'another type';
  }
}
