// The esbuild plugins of kr's bundle (scripts/bundle-kr.mjs), in a module of their own so
// that test/cli/bundle-plugins.test.ts can build with them and check that they change nothing
// but start-up time.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';

/**
 * A built-in some modules load at start-up for calls most runs never make: commander's
 * node:child_process (for executable subcommands kr does not have), node:crypto (the OIDC
 * token store when it writes tokens, Get-KrCookie's fingerprints). Loading them (and what they pull in) is a few
 * ms of every start, so those importers get a stand-in that loads the real module on the
 * first call of one of its functions.
 */
const LAZY_BUILTINS = [
  { name: 'child_process', importer: 'node_modules/commander/' },
  { name: 'crypto', importer: 'src/' },
  // kr's write paths (jar lock and replace, token store, history) and what only they use
  // (os.hostname for the lock, timers/promises for its retries); reads go through src/io/read.ts
  { name: 'fs/promises', importer: 'src/' },
  { name: 'timers/promises', importer: 'src/' },
  { name: 'os', importer: 'src/' },
];
/** `importer` names a folder or file of kr (src/...) or of a package (node_modules/...). */
const isImporter = (path, importer) =>
  path.includes(importer) && (importer.startsWith('node_modules/') || !path.includes('/node_modules/'));

export const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(pluginBuild) {
    for (const { name, importer } of LAZY_BUILTINS) {
      pluginBuild.onResolve({ filter: new RegExp(`^(node:)?${name}$`) }, (args) =>
        isImporter(args.importer, importer) ? { path: `lazy-${name.replace('/', '-')}`, namespace: 'kr-lazy', pluginData: name } : undefined,
      );
    }
    // An ES module of one wrapper per function the built-in exports, each loading the real
    // module on its first call. Not a CommonJS object of getters: every kr module importing it
    // would get its own esbuild __toESM copy of all the getters (17 imports, ~550 properties,
    // ~2 ms of every start). kr imports only functions from these modules; a class (capitalised)
    // or a constant is left out, so importing one fails the build instead of misbehaving.
    pluginBuild.onLoad({ filter: /^lazy-/, namespace: 'kr-lazy' }, (args) => {
      const name = `node:${args.pluginData}`;
      const real = createRequire(import.meta.url)(name);
      const functions = Object.keys(real).filter((key) => typeof real[key] === 'function' && /^[a-z_$][\w$]*$/.test(key));
      return {
        contents:
          `let real; const load = () => (real ??= require(${JSON.stringify(name)}));\n` +
          functions.map((key, i) => `const f${i} = (...args) => load()[${JSON.stringify(key)}](...args);\nexport { f${i} as ${key} };`).join('\n'),
        loader: 'js',
      };
    });
  },
};

/**
 * tough-cookie tests domains against two large IP-address regexes, which V8 compiles on first
 * use (about 6 ms of a sign-out's start). Each gets a cheap pre-check that only lets through
 * strings the regex could match: an IPv6 address always holds a colon; IP_REGEX_LOWERCASE
 * is an all-digits-and-dots IPv4 branch or a colon-holding IPv6 branch.
 *
 * It also compares its Date-or-"Infinity" fields loosely (`this.expires == "Infinity"`, in
 * expiryTime, isPersistent, validate, toString, toJSON): for a Date that calls
 * Date#toString, whose local time makes V8 load the time zone (~1.1 ms of every sign-out, for
 * a comparison that is false for every Date). A Date is now answered first, and anything
 * else is compared as before. And its RFC 6265 date parser runs six regexes that V8 compiles on
 * first use (~1 ms), so the one date format servers write, IMF-fixdate ("Thu, 01 Jan 1970
 * 00:00:00 GMT": ASP.NET's every deletion), is read by hand first; the same Date, or the same
 * refusal, as the full parser, which reads everything else.
 *
 * Same answers (test/cli/bundle-plugins.test.ts asks both copies); an edit whose original text
 * is gone is skipped with a note (tough-cookie changed).
 */
const TOUGH_COOKIE_EDITS = [
  {
    what: 'its IPv6 check',
    find: /^var IP_V6_REGEX_OBJECT = new RegExp\(`\^\$\{IP_V6_REGEX\}\$`\);$/m,
    replace: (line) =>
      `${line.replace('IP_V6_REGEX_OBJECT', 'IP_V6_FULL_REGEX')}\nvar IP_V6_REGEX_OBJECT = { test: (text) => text.includes(":") && IP_V6_FULL_REGEX.test(text) };`,
  },
  {
    what: 'its IP-address check in domainMatch',
    find: /^var IP_REGEX_LOWERCASE = \/.*\/;$/m,
    replace: (line) =>
      `${line.replace('IP_REGEX_LOWERCASE', 'IP_FULL_REGEX_LOWERCASE')}\nvar IP_REGEX_LOWERCASE = { test: (text) => (text.includes(":") || /^[\\d.]+$/.test(text)) && IP_FULL_REGEX_LOWERCASE.test(text) };`,
  },
  {
    what: 'its date parser',
    find: /^function parseDate\(cookieDate\) \{$/m,
    replace: () => `var IMF_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
var IMF_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
function imfNumber(text, from, to) {
  let n = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}
function parseDate(cookieDate) {
  if (typeof cookieDate === "string" && cookieDate.length === 29 && cookieDate.startsWith(", ", 3) && cookieDate.endsWith(" GMT") &&
      cookieDate[7] === " " && cookieDate[11] === " " && cookieDate[16] === " " && cookieDate[19] === ":" && cookieDate[22] === ":" &&
      IMF_DAYS.includes(cookieDate.slice(0, 3))) {
    const day = imfNumber(cookieDate, 5, 7), month = IMF_MONTHS.indexOf(cookieDate.slice(8, 11)), year = imfNumber(cookieDate, 12, 16);
    const hours = imfNumber(cookieDate, 17, 19), minutes = imfNumber(cookieDate, 20, 22), seconds = imfNumber(cookieDate, 23, 25);
    if (day >= 1 && day <= 31 && month >= 0 && year >= 1601 && hours >= 0 && hours <= 23 && minutes >= 0 && minutes <= 59 && seconds >= 0 && seconds <= 59) {
      const date = new Date(Date.UTC(year, month, day, hours, minutes, seconds));
      return date.getUTCFullYear() === year && date.getUTCMonth() === month && date.getUTCDate() === day ? date : void 0;
    }
  }
  return parseDateRfc6265(cookieDate);
}
function parseDateRfc6265(cookieDate) {`,
  },
  {
    what: 'its loose comparisons of dates with "Infinity"',
    find: /([\w.]+(?:\[\w+\])?) (==|!=) "Infinity"/g,
    replace: (comparison, operand, operator) => `(${operand} instanceof Date ? ${operator === '!='} : ${comparison})`,
  },
];
export const toughCookieEdits = {
  name: 'tough-cookie-edits',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /node_modules\/tough-cookie\/dist\/index\.js$/ }, (args) => {
      let source = readFileSync(args.path, 'utf8');
      for (const edit of TOUGH_COOKIE_EDITS) {
        edit.find.lastIndex = 0;
        if (!edit.find.test(source)) {
          process.stderr.write(`bundle-kr: tough-cookie changed, ${edit.what} is bundled as is\n`);
          continue;
        }
        source = source.replace(edit.find, edit.replace);
      }
      return { contents: source, loader: 'js' };
    });
  },
};

/**
 * tldts (tough-cookie's public-suffix list; every sign-out asks it) costs about 11 ms of every
 * start, the largest part of kr's top level: its trie is ~22,000 numbers in typed-array
 * literals, which V8 builds from array-literal boilerplate, and at load it derives three more
 * tables (each label's offset, hash and wildcard edge) in a loop over all 68,000 characters of
 * its labels, run by the interpreter on a cold start. Both are data, so the build does them:
 * every typed-array literal becomes the same array decoded from base64 (a native decode and
 * one copy), and the derivation block is run here, on the decoded tables, and replaced by its
 * results. Same values, same typed-array classes (tldts wants monomorphic module-scope
 * globals), so the same answers (test/cli/bundle-plugins.test.ts asks both copies). A part
 * this edit does not recognise stays as it is, with a note.
 */
const TYPED_LITERAL = /^const (\w+) = \/\*#__PURE__\*\/ new (Uint8Array|Uint16Array|Uint32Array)\(\[([\d,\s]*)\]\);$/gm;
const TYPED_WIDTH = { Uint8Array: 1, Uint16Array: 2, Uint32Array: 4, Int32Array: 4 };
// The base64 text is the return value of a function that never runs, read back with
// Function.prototype.toString (a slice of the bundle's source). A string constant of code that
// runs would also be stored in the V8 code cache that every start deserialises (~1 ms per
// 100 KB); an uncalled function is only a stub there.
const TYPED_DECODER = `function __krSourceText(holder) {
  const text = Function.prototype.toString.call(holder);
  return text.slice(text.indexOf('"') + 1, text.lastIndexOf('"'));
}
function __krTypedArray(Type, holder) {
  const base64 = __krSourceText(holder);
  const length = (base64.length / 4) * 3 - (base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0);
  const out = new Type(length / Type.BYTES_PER_ELEMENT);
  // little-endian (every platform Node ships on but s390x): decoded straight into the array's memory
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) Buffer.from(out.buffer, out.byteOffset, out.byteLength).write(base64, "base64");
  else { const bytes = Buffer.from(base64, "base64"); const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length); const signed = Type === Int32Array; for (let i = 0; i < out.length; i++) out[i] = Type.BYTES_PER_ELEMENT === 1 ? view.getUint8(i) : Type.BYTES_PER_ELEMENT === 2 ? view.getUint16(2 * i, true) : signed ? view.getInt32(4 * i, true) : view.getUint32(4 * i, true); }
  return out;
}
`;
/** A typed array's elements as little-endian bytes, in base64. */
function typedArrayBase64(array) {
  const width = TYPED_WIDTH[array.constructor.name];
  const bytes = Buffer.alloc(array.length * width);
  array.forEach((n, i) => (array.constructor.name === 'Int32Array' ? bytes.writeIntLE(n, i * width, width) : bytes.writeUIntLE(n, i * width, width)));
  return bytes.toString('base64');
}
const decodedArray = (name, array) =>
  `function __krData_${name}() { return "${typedArrayBase64(array)}"; }\nconst ${name} = /*#__PURE__*/ __krTypedArray(${array.constructor.name}, __krData_${name});`;
/** tldts's label text (ASCII letters, digits, '-', '*', '.': no quote or backslash), read the same way. */
const LABEL_TEXT = /^const labelText = "([\x20-\x7e]*)";$/m;
const sourceLabelText = (text) => `function __krData_labelText() { return "${text}"; }\nconst labelText = __krSourceText(__krData_labelText);`;

/** The source from `start` to the end of the statement block that opens at the first `{` after it. */
function blockEnd(source, start) {
  let depth = 0;
  for (let i = source.indexOf('{', start); i < source.length; i++) {
    if (source[i] === '{') depth++;
    else if (source[i] === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * tldts's derivation block (`const numberOfNodes = …` through its `for` loop), run at build time
 * in a context holding the trie's literals; the block's typed arrays come back as decoded
 * constants (the block's text and its replacement). Undefined when the block is not there as expected.
 */
function precomputedDerivation(source, literals) {
  const start = source.search(/^const numberOfNodes = /m);
  const loop = start < 0 ? -1 : source.indexOf('\nfor (', start);
  const end = loop < 0 ? -1 : blockEnd(source, loop);
  if (end < 0) return undefined;
  const block = source.slice(start, end);
  const names = [...block.matchAll(/^const (\w+) = /gm)].map((m) => m[1]);
  const labels = /^const (labelText|rulesRoot|exceptionsRoot) = .*;$/gm;
  const context = { ...literals };
  vm.runInNewContext(`${[...source.matchAll(labels)].map((m) => m[0].replace(/^const /, 'var ')).join('\n')}\n${block}\nthis.__results = { ${names.join(', ')} };`, context);
  const results = context.__results;
  const lines = names.map((name) => {
    const value = results[name];
    if (typeof value === 'number') return `const ${name} = ${value};`;
    return TYPED_WIDTH[value?.constructor?.name] ? decodedArray(name, value) : undefined;
  });
  if (lines.includes(undefined)) return undefined;
  return { block, replacement: lines.join('\n') };
}

export const compactSuffixTrie = {
  name: 'compact-suffix-trie',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /node_modules\/tldts\/dist\/cjs\/index\.js$/ }, (args) => {
      const original = readFileSync(args.path, 'utf8');
      const literals = {};
      let source = original.replace(TYPED_LITERAL, (line, name, type, list) => {
        const numbers = list.split(',').map((n) => n.trim()).filter((n) => n !== '').map(Number);
        const array = new globalThis[type](numbers);
        if (numbers.some((n, i) => array[i] !== n)) return line;
        literals[name] = array;
        return decodedArray(name, array);
      });
      if (Object.keys(literals).length === 0) process.stderr.write('bundle-kr: tldts changed, its trie literals are bundled as they are\n');
      const labelText = LABEL_TEXT.exec(source);
      if (labelText && !/["\\]/.test(labelText[1])) source = source.replace(LABEL_TEXT, () => sourceLabelText(labelText[1]));
      const derived = precomputedDerivation(original, literals);
      if (derived && source.includes(derived.block)) source = source.replace(derived.block, () => derived.replacement);
      else process.stderr.write('bundle-kr: tldts changed, its derived trie tables are computed at load as before\n');
      return { contents: source === original ? source : `${TYPED_DECODER}${source}`, loader: 'js' };
    });
  },
};

/**
 * chalk's bundled supports-color asks tty.isatty(1) and (2) when it loads, which makes Node load
 * tty and net (a few ms of every start), only to set the level of chalk's default instances.
 * kr never uses those: every Chalk it makes gets an explicit level (src/runtime/host-console.ts,
 * from --no-color, NO_COLOR, FORCE_COLOR and isTTY). So chalk gets "no colour support detected".
 */
export const chalkWithoutDetection = {
  name: 'chalk-without-detection',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^#supports-color$/ }, (args) =>
      args.importer.includes('node_modules/chalk/') ? { path: 'supports-color', namespace: 'kr-stub' } : undefined,
    );
    pluginBuild.onLoad({ filter: /^supports-color$/, namespace: 'kr-stub' }, () => ({
      contents: 'export default { stdout: false, stderr: false };',
      loader: 'js',
    }));
  },
};

/**
 * Packages only some runs load (openid-client with oauth4webapi and jose: OIDC and OAuth sign-outs;
 * @inquirer/core: the Confirm prompt on a terminal) are imported dynamically by kr. Inside the
 * bundle each would still be ~10% of the code every start reads and deserialises from the code
 * cache, so they are built as chunks of their own (dist/bin/chunks/<name>.cjs, bundleChunks) and the
 * bundle's `import('<package>')` becomes a require of that file, made only on first use.
 */
export const LAZY_CHUNKS = [
  { name: 'openid-client', file: 'openid-client.cjs' },
  { name: '@inquirer/core', file: 'inquirer-core.cjs' },
];

export const lazyChunks = {
  name: 'lazy-chunks',
  setup(pluginBuild) {
    for (const chunk of LAZY_CHUNKS) {
      const filter = new RegExp(`^${chunk.name.replace(/[/.]/g, (c) => `\\${c}`)}$`);
      pluginBuild.onResolve({ filter }, (args) => (args.kind === 'dynamic-import' ? { path: chunk.file, namespace: 'kr-chunk' } : undefined));
    }
    // the stand-in: a CommonJS module requiring the chunk beside the bundle (the bundle's
    // require is made for its own path), so esbuild turns the import() into that require
    pluginBuild.onLoad({ filter: /.*/, namespace: 'kr-chunk' }, (args) => ({ contents: `module.exports = require("./chunks/${args.path}");`, loader: 'js' }));
    pluginBuild.onResolve({ filter: /^\.\/chunks\// }, (args) => (args.namespace === 'kr-chunk' ? { path: args.path, external: true } : undefined));
  },
};

/** Builds each lazy chunk as a CommonJS file in `outdir/chunks` (what lazyChunks' requires load). */
export async function bundleChunks(build, root, outdir) {
  for (const chunk of LAZY_CHUNKS) {
    await build({
      stdin: { contents: `module.exports = require(${JSON.stringify(chunk.name)});`, resolveDir: root, sourcefile: `${chunk.file}-entry.js`, loader: 'js' },
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      outfile: `${outdir}/chunks/${chunk.file}`,
      logLevel: 'warning',
      legalComments: 'none',
      minifyWhitespace: true,
    });
  }
}
