import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { TokenParser, Tokenizer, TokenType } from '@streamparser/json';
import type { Readable } from 'node:stream';

/**
 * Streaming readers for both forms of a dataset file. Neither holds more than a chunk (1 MiB) of
 * the file and the records parsed from it in memory:
 * - NDJSON: one JSON value a line, split by hand on newlines and parsed with JSON.parse (fast);
 *   a line that is not JSON rejects that record only.
 * - JSON: `{ "format", "version", "records": [...] }` through @streamparser/json's tokenizer,
 *   emitting each record as soon as it is complete (keepStack: false, so the parsed records are
 *   not kept); a syntax error ends the file, as no record after it can be trusted.
 * Both tell the line each record starts on.
 */

export type DatasetItem =
  | { kind: 'header'; value: unknown; line: number }
  | { kind: 'record'; value: unknown; line: number }
  /** A line of NDJSON that is not JSON. */
  | { kind: 'unreadable'; line: number; message: string; text: string }
  /** The file cannot be read on from here. */
  | { kind: 'broken'; line: number; message: string };

export type DatasetFormat = 'json' | 'ndjson';

/** Bytes read so far, for progress. */
export interface ReadProgress {
  bytes: number;
}

/** The form a file is in: `.ndjson` and `.jsonl` are NDJSON, anything else JSON, unless said otherwise. */
export function formatOf(file: string, explicit?: DatasetFormat): DatasetFormat {
  if (explicit) return explicit;
  return ['.ndjson', '.jsonl'].includes(extname(file).toLowerCase()) ? 'ndjson' : 'json';
}

/** The items of a dataset file, a chunk's worth at a time. */
export function readDatasetFile(
  file: string,
  options: { format?: DatasetFormat; progress?: ReadProgress } = {},
): AsyncGenerator<DatasetItem[]> {
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  const progress = options.progress ?? { bytes: 0 };
  return formatOf(file, options.format) === 'ndjson' ? ndjsonItems(stream, progress) : jsonItems(stream, progress);
}

export async function* ndjsonItems(stream: Readable, progress: ReadProgress): AsyncGenerator<DatasetItem[]> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let line = 0;
  let first = true;
  const parseLine = (text: string, items: DatasetItem[]) => {
    line++;
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      items.push({ kind: 'unreadable', line, message: `not JSON: ${(error as Error).message}`, text });
      return;
    }
    const isHeader = first && typeof value === 'object' && value !== null && 'format' in value && !('type' in value);
    first = false;
    items.push({ kind: isHeader ? 'header' : 'record', value, line });
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    progress.bytes += chunk.length;
    const text = rest + decoder.write(chunk);
    const items: DatasetItem[] = [];
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      parseLine(text.slice(start, end), items);
      start = end + 1;
    }
    rest = text.slice(start);
    if (items.length > 0) yield items;
  }
  rest += decoder.end();
  const items: DatasetItem[] = [];
  if (rest !== '') parseLine(rest, items);
  if (items.length > 0) yield items;
}

const headerFields = ['format', 'version', 'description'];

export async function* jsonItems(stream: Readable, progress: ReadProgress): AsyncGenerator<DatasetItem[]> {
  const tokenizer = new Tokenizer();
  const parser = new TokenParser({
    paths: ['$.records.*', '$.format', '$.version', '$.description'],
    keepStack: false,
  });
  const header: Record<string, unknown> = {};
  let items: DatasetItem[] = [];
  let broken: { line: number; message: string } | undefined;

  // Line numbers: newlines are counted up to each record's first token as the tokens arrive.
  let chunk: Buffer = Buffer.alloc(0);
  let chunkStart = 0;
  let counted = 0; // absolute offset newlines have been counted up to
  let line = 1;
  const lineAt = (offset: number) => {
    if (offset <= counted) return line;
    const to = Math.min(offset, chunkStart + chunk.length) - chunkStart;
    for (let i = chunk.indexOf(10, Math.max(counted - chunkStart, 0)); i !== -1 && i < to; i = chunk.indexOf(10, i + 1))
      line++;
    counted = offset;
    return line;
  };

  // Depth and keys of the enclosing containers, to tell where each value starts.
  let depth = 0;
  let expectKey = false;
  let topKey: string | undefined;
  let recordLine = 0;
  let sawRecords = false;
  let lastOffset = 0;
  tokenizer.onToken = (token) => {
    const { token: type, value, offset } = token;
    lastOffset = offset;
    if (depth === 0 && type !== TokenType.LEFT_BRACE && !broken) {
      broken = {
        line: lineAt(offset),
        message: 'a dataset in the JSON form is one object, {"format": ..., "records": [...]}',
      };
      throw new Error(broken.message);
    }
    if (depth === 1) {
      if (expectKey && type === TokenType.STRING) {
        topKey = value as string;
        if (topKey === 'records') sawRecords = true;
        else if (!headerFields.includes(topKey))
          items.push({ kind: 'broken', line: lineAt(offset), message: `unknown top-level field "${topKey}"` });
      }
      expectKey = type === TokenType.LEFT_BRACE || type === TokenType.COMMA;
    }
    if (depth === 2 && topKey === 'records' && type !== TokenType.COMMA && type !== TokenType.RIGHT_BRACKET)
      recordLine = lineAt(offset);
    if (type === TokenType.LEFT_BRACE || type === TokenType.LEFT_BRACKET) {
      depth++;
      if (depth === 1) expectKey = true;
    } else if (type === TokenType.RIGHT_BRACE || type === TokenType.RIGHT_BRACKET) depth--;
    parser.write(token);
  };
  parser.onValue = ({ value, key, stack }) => {
    if (stack.length === 2 && typeof key === 'number') items.push({ kind: 'record', value, line: recordLine });
    else if (stack.length === 1 && typeof key === 'string') header[key] = value;
  };

  const fail = (error: unknown) => {
    broken ??= { line: lineAt(lastOffset), message: `not valid JSON: ${(error as Error).message}` };
    items.push({ kind: 'broken', ...broken });
  };

  for await (const data of stream as AsyncIterable<Buffer>) {
    progress.bytes += data.length;
    lineAt(chunkStart + chunk.length);
    chunkStart += chunk.length;
    chunk = data;
    try {
      tokenizer.write(data);
    } catch (error) {
      fail(error);
      yield items;
      return;
    }
    if (items.length > 0) {
      yield items;
      items = [];
    }
  }
  try {
    tokenizer.end();
  } catch (error) {
    fail(error);
  }
  if (!broken && depth !== 0)
    items.push({ kind: 'broken', line: lineAt(chunkStart + chunk.length), message: 'the file ends too early' });
  if (!broken && !sawRecords) items.push({ kind: 'broken', line: 1, message: 'the dataset has no "records" array' });
  items.push({ kind: 'header', value: header, line: 1 });
  yield items;
}

/** The items of a dataset already in memory (the JSON form as an object). */
export function datasetObjectItems(dataset: unknown): DatasetItem[] {
  if (typeof dataset !== 'object' || dataset === null || !Array.isArray((dataset as { records?: unknown }).records))
    return [{ kind: 'broken', line: 0, message: 'the dataset has no "records" array' }];
  const { records, ...header } = dataset as { records: unknown[] };
  return [
    { kind: 'header', value: header, line: 0 },
    ...records.map((value, i) => ({ kind: 'record' as const, value, line: i + 1 })),
  ];
}
