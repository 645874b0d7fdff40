// scripts/bundle-plugins.mjs edits tough-cookie's bundled copy for start-up time (and its date
// fields' loose comparisons, below; and tldts's trie, at the end): cheap
// pre-checks in front of its two large IP-address regexes. They must give tough-cookie's
// answers, so both copies are built here (with and without the edits) and asked the same
// questions: canonicalDomain (the IPv6 check) and domainMatch (the IP-address check), on
// addresses, host names and generated strings of the characters those regexes care about.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import fc from 'fast-check';

let dir: string;
const FIXED = [
  '127.0.0.1', '1.2.3.4', '0.0.0.0', '255.255.255.255', '256.1.1.1', '1.2.3', '1.2.3.4.5', '01.02.03.04', '1..2.3',
  '::1', '[::1]', '::', 'fe80::1', '2001:db8::8a2e:370:7334', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9', 'FE80::1',
  'example.com', 'a.b.example.com', '.example.com', 'localhost', 'xn--bcher-kva.example', 'b\u00fccher.example', ' 1.2.3.4 ',
  '1.2.3.4.example.com', 'example.1.2.3.4', '', '.',
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kr-bundle-plugins-'));
  const { toughCookieEdits } = (await import(pathToFileURL(resolve('scripts/bundle-plugins.mjs')).href)) as { toughCookieEdits: Plugin };
  const entry = { contents: "export { canonicalDomain, domainMatch, Cookie, parseDate } from 'tough-cookie';", resolveDir: resolve('.'), loader: 'js' as const };
  const common = { bundle: true, platform: 'node' as const, format: 'esm' as const, target: 'node20', logLevel: 'silent' as const };
  await build({ ...common, stdin: entry, outfile: join(dir, 'original.mjs') });
  await build({ ...common, stdin: entry, outfile: join(dir, 'edited.mjs'), plugins: [toughCookieEdits] });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

test('the edits are applied (tough-cookie still has the code they replace)', async () => {
  const edited = await readFile(join(dir, 'edited.mjs'), 'utf8');
  expect(edited).toContain('IP_V6_FULL_REGEX.test(text)');
  expect(edited).toContain('IP_FULL_REGEX_LOWERCASE.test(text)');
  expect(await readFile(join(dir, 'original.mjs'), 'utf8')).not.toContain('IP_FULL_REGEX_LOWERCASE');
});

test("the edited tough-cookie gives the original's answers", async () => {
  const generated = fc.sample(fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF.:[]x-'), maxLength: 45 }), { numRuns: 3000, seed: 7 });
  const hosts = [...FIXED, ...generated];
  // domainMatch reaches its IP check only when the cookie domain is a dot-suffix of the host
  const pairs = hosts.flatMap((h) => [[h, h], ...[...h.matchAll(/\./g)].map((m) => [h, h.slice((m.index ?? 0) + 1)])]);
  const cases = join(dir, 'cases.json');
  await writeFile(cases, JSON.stringify({ hosts, pairs }));
  const compare = join(dir, 'compare.mjs');
  await writeFile(
    compare,
    `import { readFileSync } from 'node:fs';
import * as original from './original.mjs';
import * as edited from './edited.mjs';
const { hosts, pairs } = JSON.parse(readFileSync(${JSON.stringify(cases)}, 'utf8'));
const answer = (f) => { try { return JSON.stringify(f()); } catch (e) { return 'throws ' + e.message; } };
const differ = [];
for (const h of hosts) if (answer(() => original.canonicalDomain(h)) !== answer(() => edited.canonicalDomain(h))) differ.push(['canonicalDomain', h]);
for (const [a, b] of pairs) if (answer(() => original.domainMatch(a, b)) !== answer(() => edited.domainMatch(a, b))) differ.push(['domainMatch', a, b]);
console.log(JSON.stringify({ checked: hosts.length + pairs.length, differ }));
`,
  );
  const r = spawnSync(process.execPath, [compare], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  const { checked, differ } = JSON.parse(r.stdout) as { checked: number; differ: unknown[] };
  expect(differ).toEqual([]);
  expect(checked).toBeGreaterThan(3000);
});

test("the edited tough-cookie's date fields: the original's answers, without Date#toString (the time zone)", async () => {
  const compare = join(dir, 'compare-dates.mjs');
  await writeFile(
    compare,
    `import * as original from './original.mjs';
import * as edited from './edited.mjs';
let toStringCalls = 0;
const realToString = Date.prototype.toString;
Date.prototype.toString = function () { toStringCalls++; return realToString.call(this); };
const headers = ['a=1', 'a=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/', 'a=1; max-age=60', 'a=1; max-age=0; expires=Wed, 21 Oct 2037 07:28:00 GMT',
  'a=1; expires=Wed, 21 Oct 2037 07:28:00 GMT; domain=example.com; secure; httponly; samesite=lax', 'a=1; max-age=-5'];
const answers = (lib) => {
  const out = [];
  for (const header of headers) {
    const c = lib.Cookie.parse(header);
    c.creation = new Date(1_700_000_000_000);
    c.lastAccessed = new Date(1_700_000_000_000);
    const json = c.toJSON();
    out.push([c.expiryTime(new Date(1_700_000_000_000)), c.isPersistent(), c.validate(), c.toString(), json, lib.Cookie.fromJSON(json)?.toString()]);
  }
  // fields set by hand: "Infinity", a number, null
  for (const expires of ['Infinity', Infinity, null]) {
    const c = new lib.Cookie({ key: 'b', value: '2' });
    c.expires = expires;
    out.push([c.expiryTime(), c.isPersistent(), c.toString()]);
  }
  return JSON.stringify(out);
};
const before = toStringCalls;
const editedAnswers = answers(edited);
const editedCalls = toStringCalls - before;
console.log(JSON.stringify({ same: answers(original) === editedAnswers, editedCalls, originalCalls: toStringCalls - before - editedCalls }));
`,
  );
  const r = spawnSync(process.execPath, [compare], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  const result = JSON.parse(r.stdout) as { same: boolean; editedCalls: number; originalCalls: number };
  expect(result).toEqual({ same: true, editedCalls: 0, originalCalls: expect.any(Number) });
  expect(result.originalCalls).toBeGreaterThan(0); // the loose comparisons were there to edit
});

test("the edited tough-cookie's date parser: the original's answer for IMF-fixdates and anything else", async () => {
  const fixdate = (d: Date) => d.toUTCString();
  const dates = fc.sample(fc.date({ min: new Date(Date.UTC(1500, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }), { numRuns: 2000, seed: 3 }).map(fixdate);
  // near misses: impossible days and times, other cases, a month where the day name goes, 2-digit and early years, spacing
  const near = ['Thu, 31 Feb 2024 00:00:00 GMT', 'Thu, 32 Jan 2024 00:00:00 GMT', 'Thu, 00 Jan 2024 00:00:00 GMT', 'Thu, 01 Jan 2024 24:00:00 GMT',
    'Thu, 01 Jan 2024 23:60:00 GMT', 'Thu, 01 Jan 2024 23:59:60 GMT', 'thu, 01 jan 2024 00:00:00 gmt', 'Jan, 01 Feb 2024 00:00:00 GMT',
    'Thu, 01 Jan 1600 00:00:00 GMT', 'Thu, 01 Jan 0070 00:00:00 GMT', 'Thu, 01 Jan 99 00:00:00 GMT', 'Thu,  1 Jan 2024 00:00:00 GMT',
    'Thu, 01 Jan 2024 00:00:00 UTC', 'Thu, 01 Jan 2024 00:00:00 GMT ', 'Xyz, 01 Jan 2024 00:00:00 GMT', 'Thu, 1a Jan 2024 00:00:00 GMT',
    'Thu, 01 Jan 2024 0:00:000 GMT', 'Sun, 06 Nov 1994 08:49:37 GMT', 'Sunday, 06-Nov-94 08:49:37 GMT', 'Sun Nov  6 08:49:37 1994', ''];
  const noise = fc.sample(fc.string({ unit: fc.constantFrom(...'0123456789 :,-TGMJanFebThuSun'), minLength: 25, maxLength: 33 }), { numRuns: 2000, seed: 5 });
  const cases = join(dir, 'dates.json');
  await writeFile(cases, JSON.stringify([...dates, ...near, ...noise]));
  const compare = join(dir, 'compare-parse-date.mjs');
  await writeFile(
    compare,
    `import { readFileSync } from 'node:fs';
import * as original from './original.mjs';
import * as edited from './edited.mjs';
const texts = JSON.parse(readFileSync(${JSON.stringify(cases)}, 'utf8'));
const answer = (d) => (d === undefined ? 'undefined' : d.toISOString());
const differ = texts.filter((t) => answer(original.parseDate(t)) !== answer(edited.parseDate(t)));
const parsed = texts.filter((t) => original.parseDate(t) !== undefined).length;
// the fast path runs no regex at all (that is its point)
let regexCalls = 0;
for (const name of ['exec', 'test', Symbol.split]) {
  const real = RegExp.prototype[name];
  RegExp.prototype[name] = function (...args) { regexCalls++; return real.apply(this, args); };
}
edited.parseDate('Thu, 01 Jan 1970 00:00:00 GMT');
const fastPathRegexCalls = regexCalls;
original.parseDate('Thu, 01 Jan 1970 00:00:00 GMT');
console.log(JSON.stringify({ checked: texts.length, parsed, differ, fastPathRegexCalls, originalRegexCalls: regexCalls - fastPathRegexCalls }));
`,
  );
  const r = spawnSync(process.execPath, [compare], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  const { checked, parsed, differ, fastPathRegexCalls, originalRegexCalls } = JSON.parse(r.stdout) as {
    checked: number;
    parsed: number;
    differ: string[];
    fastPathRegexCalls: number;
    originalRegexCalls: number;
  };
  expect(differ).toEqual([]);
  expect(fastPathRegexCalls).toBe(0);
  expect(originalRegexCalls).toBeGreaterThan(0);
  expect(checked).toBeGreaterThan(4000);
  expect(parsed).toBeGreaterThan(1800); // most generated dates are years 1601-9999: the fast path ran
  expect(await readFile(join(dir, 'edited.mjs'), 'utf8')).toContain('function parseDateRfc6265(');
});

// compactSuffixTrie: tldts's trie literals decoded from base64 and its derived tables computed at
// build time. Both copies of tldts are asked for the public suffix, domain and subdomain of host
// names made from real suffix-list labels (wildcard and exception rules among them), ICANN only
// and with private domains.
describe('the compacted public-suffix trie', () => {
  let tldtsDir: string;
  beforeAll(async () => {
    tldtsDir = await mkdtemp(join(tmpdir(), 'kr-bundle-tldts-'));
    const { compactSuffixTrie } = (await import(pathToFileURL(resolve('scripts/bundle-plugins.mjs')).href)) as { compactSuffixTrie: Plugin };
    const entry = { contents: "export { parse } from 'tldts';", resolveDir: resolve('.'), loader: 'js' as const };
    const common = { bundle: true, platform: 'node' as const, format: 'esm' as const, target: 'node20', logLevel: 'silent' as const };
    await build({ ...common, stdin: entry, outfile: join(tldtsDir, 'original.mjs') });
    await build({ ...common, stdin: entry, outfile: join(tldtsDir, 'edited.mjs'), plugins: [compactSuffixTrie] });
    // the big-endian branch (s390x), taken here by making the platform check answer "not little-endian"
    const edited = await readFile(join(tldtsDir, 'edited.mjs'), 'utf8');
    const check = 'new Uint8Array(new Uint16Array([1]).buffer)[0] === 1';
    expect(edited).toContain(check);
    await writeFile(join(tldtsDir, 'edited-be.mjs'), edited.replace(check, 'false'));
  });
  afterAll(() => rm(tldtsDir, { recursive: true, force: true }));

  test('every literal is decoded and the derivation loop is gone', async () => {
    const edited = await readFile(join(tldtsDir, 'edited.mjs'), 'utf8');
    expect(edited).not.toMatch(/new Uint(8|16|32)Array\(\[\d+(, ?\d+){20}/);
    expect(edited).not.toContain('labelText.charCodeAt(i)');
    expect(edited).toMatch(/edgeHash = \/\* @__PURE__ \*\/ __krTypedArray\(Uint32Array/);
    expect(await readFile(join(tldtsDir, 'original.mjs'), 'utf8')).toContain('labelText.charCodeAt(i)');
  });

  test("the edited tldts gives the original's answers", async () => {
    const labels = ['com', 'co', 'uk', 'jp', 'kawasaki', 'city', 'ck', 'www', 'blogspot', 'github', 'io', 's3', 'amazonaws', 'compute', 'us-east-1',
      'example', 'gov', 'ac', 'xn--p1ai', 'k12', 'ma', 'us', 'de', 'net', 'org', 'app', 'appspot', 'herokuapp', 'bd', 'er', 'mm', 'nom', 'br', 'sch', 'localhost', 'test', 'a', 'x1'];
    const generated = fc.sample(fc.array(fc.constantFrom(...labels), { minLength: 1, maxLength: 5 }).map((parts) => parts.join('.')), { numRuns: 4000, seed: 11 });
    const hosts = [...generated, 'www.city.kawasaki.jp', 'foo.kawasaki.jp', 'www.ck', 'x.www.ck', 'a.b.bd', 'example.co.uk', '127.0.0.1', '[::1]', 'EXAMPLE.COM', '.example.com', 'example.com.', ''];
    const cases = join(tldtsDir, 'cases.json');
    await writeFile(cases, JSON.stringify(hosts));
    const compare = join(tldtsDir, 'compare.mjs');
    await writeFile(
      compare,
      `import { readFileSync } from 'node:fs';
import * as original from './original.mjs';
import * as edited from './edited.mjs';
import * as editedBigEndian from './edited-be.mjs';
const hosts = JSON.parse(readFileSync(${JSON.stringify(cases)}, 'utf8'));
const differ = [];
let withRule = 0;
for (const h of hosts) for (const allowPrivateDomains of [false, true]) {
  const a = JSON.stringify(original.parse(h, { allowPrivateDomains }));
  if (a !== JSON.stringify(edited.parse(h, { allowPrivateDomains }))) differ.push([h, allowPrivateDomains]);
  if (a !== JSON.stringify(editedBigEndian.parse(h, { allowPrivateDomains }))) differ.push([h, allowPrivateDomains, 'big-endian branch']);
  if (original.parse(h, { allowPrivateDomains }).isIcann || original.parse(h, { allowPrivateDomains }).isPrivate) withRule++;
}
console.log(JSON.stringify({ checked: hosts.length * 2, withRule, differ }));
`,
    );
    const r = spawnSync(process.execPath, [compare], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const { checked, withRule, differ } = JSON.parse(r.stdout) as { checked: number; withRule: number; differ: unknown[] };
    expect(differ).toEqual([]);
    expect(checked).toBeGreaterThan(8000);
    expect(withRule).toBeGreaterThan(4000); // most hosts end in a listed suffix: the trie was walked
  });
});
