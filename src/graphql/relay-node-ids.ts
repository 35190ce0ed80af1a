import { encodeGlobalID } from '@pothos/plugin-relay';
import { type GraphQLSchema, isObjectType } from 'graphql';

/**
 * Plugin-relay resolves every node's `id` with an async function, so each object holding an id
 * completes through a promise: a third of the time of a deep page. The encoding is the plugin's
 * (`encodeGlobalID`, no custom encoder is configured), written out by `globalIdEncoder` and done
 * synchronously.
 */
export function resolveNodeIdsSynchronously(schema: GraphQLSchema) {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Node')) continue;
    const encode = globalIdEncoder(type.name);
    type.getFields().id!.resolve = (row: { id: number }) => encode(row.id);
  }
  return schema;
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Padded base64 of ASCII text, as `encodeGlobalID` writes it. */
function base64OfAscii(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 3) {
    const left = text.length - i;
    const bits =
      (text.charCodeAt(i) << 16) |
      (left > 1 ? text.charCodeAt(i + 1) << 8 : 0) |
      (left > 2 ? text.charCodeAt(i + 2) : 0);
    out +=
      alphabet[bits >> 18]! +
      alphabet[(bits >> 12) & 63]! +
      (left > 1 ? alphabet[(bits >> 6) & 63]! : '=') +
      (left > 2 ? alphabet[bits & 63]! : '=');
  }
  return out;
}

/**
 * `encodeGlobalID(typename, String(id))` for one type, cheaper: base64 encodes three bytes at a
 * time, so the part of `Typename:` that fills whole groups is encoded once, and each id encodes
 * only the rest (a few bytes). Every id of every node in an answer goes through here; the
 * plugin's encoder allocated a Buffer for each.
 */
export function globalIdEncoder(typename: string): (id: number) => string {
  const prefix = `${typename}:`;
  const whole = prefix.length - (prefix.length % 3);
  const head = encodeGlobalID(typename, '').slice(0, (whole / 3) * 4);
  const rest = prefix.slice(whole);
  return (id) => head + base64OfAscii(rest + id);
}
