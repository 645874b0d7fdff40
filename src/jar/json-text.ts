// JSON text with the place of every value, for editing a JSON jar in place: kr removes a
// cookie object by cutting its span out of the text, so everything it does not touch
// (number spellings such as 12345678901234567890, 1e400 or -0, escapes, key order,
// indentation, fields kr does not know) stays byte for byte. JSON.parse cannot give that:
// it rounds numbers, folds escapes and forgets the layout.
//
// The scanner is iterative (an explicit stack), so a 100,000-deep unknown field neither
// overflows the call stack nor gets rejected: depth costs memory, never recursion. It
// accepts exactly RFC 8259 JSON (what JSON.parse accepts); errors never quote the text,
// which may hold cookie values.

export type JsonNode = JsonObjectNode | JsonArrayNode | JsonScalarNode;

interface Span {
  /** Offset of the value's first character. */
  start: number;
  /** Offset just past the value's last character. */
  end: number;
}

export interface JsonObjectNode extends Span {
  kind: 'object';
  members: { key: string; value: JsonNode }[];
}

export interface JsonArrayNode extends Span {
  kind: 'array';
  items: JsonNode[];
}

export interface JsonScalarNode extends Span {
  kind: 'string' | 'number' | 'true' | 'false' | 'null';
}

export class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    reason: string,
  ) {
    super(`${reason} at offset ${offset}`);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// a JSON string: no raw control characters, only the escapes JSON defines
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const WHITESPACE = /[ \t\n\r]*/y;

type Open = { node: JsonObjectNode; pendingKey?: string } | { node: JsonArrayNode };

/** Parses `text` (a leading UTF-8 byte order mark is skipped) into nodes with offsets into `text`. */
export function parseJsonText(text: string): JsonNode {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const skip = () => {
    WHITESPACE.lastIndex = i;
    WHITESPACE.test(text);
    i = WHITESPACE.lastIndex;
  };
  const fail = (reason: string): never => {
    throw new JsonSyntaxError(i, i >= text.length ? 'unexpected end of the text' : reason);
  };
  const readString = (): string => {
    STRING.lastIndex = i;
    if (!STRING.test(text)) fail('invalid string');
    const start = i;
    i = STRING.lastIndex;
    return JSON.parse(text.slice(start, i)) as string;
  };

  const stack: Open[] = [];
  let root: JsonNode | undefined;

  /** Attaches a finished value to the container it belongs to (or makes it the root). */
  const attach = (node: JsonNode) => {
    const top = stack[stack.length - 1];
    if (top === undefined) root = node;
    else if (top.node.kind === 'array') top.node.items.push(node);
    else {
      const open = top as { node: JsonObjectNode; pendingKey?: string };
      open.node.members.push({ key: open.pendingKey as string, value: node });
      open.pendingKey = undefined;
    }
  };

  /** Reads one value; containers are opened (pushed) and finished later by the loop below. */
  const readValue = () => {
    skip();
    const c = text.charAt(i);
    const start = i;
    if (c === '{') {
      i++;
      stack.push({ node: { kind: 'object', start, end: -1, members: [] } });
      skip();
      if (text.charAt(i) === '}') return closeTop();
      return readKey();
    }
    if (c === '[') {
      i++;
      stack.push({ node: { kind: 'array', start, end: -1, items: [] } });
      skip();
      if (text.charAt(i) === ']') return closeTop();
      return 'value';
    }
    if (c === '"') {
      readString();
      attach({ kind: 'string', start, end: i });
      return 'after';
    }
    for (const word of ['true', 'false', 'null'] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        attach({ kind: word, start, end: i });
        return 'after';
      }
    }
    NUMBER.lastIndex = i;
    if (!NUMBER.test(text)) fail('unexpected character');
    i = NUMBER.lastIndex;
    attach({ kind: 'number', start, end: i });
    return 'after';
  };

  const readKey = () => {
    skip();
    if (text.charAt(i) !== '"') fail('expected a property name');
    const key = readString();
    skip();
    if (text.charAt(i) !== ':') fail("expected ':'");
    i++;
    (stack[stack.length - 1] as { pendingKey?: string }).pendingKey = key;
    return 'value' as const;
  };

  const closeTop = () => {
    const open = stack.pop() as Open;
    i++;
    open.node.end = i;
    attach(open.node);
    return 'after' as const;
  };

  let next: 'value' | 'after' = 'value';
  for (;;) {
    if (next === 'value') {
      next = readValue();
      continue;
    }
    skip();
    const top = stack[stack.length - 1];
    if (top === undefined) break;
    const c = text.charAt(i);
    const closer = top.node.kind === 'array' ? ']' : '}';
    if (c === closer) {
      next = closeTop();
    } else if (c === ',') {
      i++;
      if (top.node.kind === 'object') next = readKey();
      else next = 'value';
    } else {
      fail(`expected ',' or '${closer}'`);
    }
  }
  skip();
  if (i < text.length) fail('unexpected text after the JSON value');
  return root as JsonNode;
}

/** The value of a scalar node (strings unescaped, numbers as JavaScript numbers). */
export function scalarValue(text: string, node: JsonNode): string | number | boolean | null | undefined {
  switch (node.kind) {
    case 'string':
    case 'number':
      return JSON.parse(text.slice(node.start, node.end)) as string | number;
    case 'true':
      return true;
    case 'false':
      return false;
    case 'null':
      return null;
    default:
      return undefined;
  }
}

/** The member named `key` of an object node (the last one, as JSON.parse keeps the last). */
export function member(node: JsonObjectNode, key: string): JsonNode | undefined {
  for (let k = node.members.length - 1; k >= 0; k--) if (node.members[k].key === key) return node.members[k].value;
  return undefined;
}

/** An object's scalar members as plain values (containers are left out). */
export function scalarMembers(text: string, node: JsonObjectNode): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const { key, value } of node.members) {
    const scalar = scalarValue(text, value);
    if (scalar !== undefined) out[key] = scalar;
  }
  return out;
}

/** The whitespace before `offset` on its line (the indentation of the value starting there). */
export function indentBefore(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(before) ? before : '';
}

/** The leading whitespace of the line `offset` is on. */
export function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '';
}
