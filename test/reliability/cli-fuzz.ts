// Generated kr command lines (argv and `-c` scripts) and the check every run must pass:
// it ends (no uncaught exception, no hang), exits 0, 1, 2 or 3, and a failure says why
// with a stable errorId, never an UnhandledException or a stack trace. Used in process by
// test/reliability/fuzz.test.ts (thousands of cases) and by scripts/fuzz-nightly.sh (more).

import fc from 'fast-check';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { runCli } from '../../src/cli/main.js';
import { wantsJson } from '../../src/cli/program.js';

export const SIGN_OUT = 'Invoke-KrCookieSignOut';
/** A hang detector, not a timing assert: a case is a few ms, 1 s means something is stuck. */
export const CASE_LIMIT_MS = 1000;

export interface FuzzFiles {
  dir: string;
  jar: string;
  /** Rewritten before every case, so each starts signed in. */
  jarText: string;
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

const SIGNED_IN =
  '# Netscape HTTP Cookie File\n\n#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\t.AspNetCore.Cookies\tchunks-2\n' +
  '#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\t.AspNetCore.CookiesC1\tFUZZ-CANARY-1\n#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\t.AspNetCore.CookiesC2\tFUZZ-CANARY-2\n' +
  '127.0.0.1\tFALSE\t/\tFALSE\t0\ttheme\tdark\n';

/** The files generated command lines point at: good and broken jars, configs, scripts. */
export async function fuzzFiles(): Promise<FuzzFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'kr-fuzz-'));
  const jar = join(dir, 'jar.txt');
  await mkdir(join(dir, 'a-folder'));
  await writeFile(join(dir, 'garbage.txt'), Buffer.from([0x00, 0xff, 0xfe, 0x09, 0x0a, 0x41, 0x09, 0x09, 0xc3, 0x28, 0x0a]));
  await writeFile(join(dir, 'tough.json'), '{"version":"tough-cookie@6.1.0","storeType":"MemoryCookieStore","rejectPublicSuffixes":true,"cookies":[]}');
  await writeFile(join(dir, 'broken.json'), '{"cookies": [');
  await writeFile(
    join(dir, 'kr.config.json'),
    JSON.stringify({ url: 'http://127.0.0.1/', schemes: { Cookies: { kind: 'Cookies', loginPath: '/login' }, oidc: { kind: 'Oidc', authority: 'http://127.0.0.1:1', clientId: 'app' } } }),
  );
  await writeFile(join(dir, 'wrong-types.json'), JSON.stringify({ url: 42, schemes: { Cookies: { kind: 'Cookies', httpOnly: 'yes', loginPath: ['x'] } } }));
  await writeFile(join(dir, 'not-json.json'), '{ url: http://x }');
  await writeFile(join(dir, 'script.kr'), `${SIGN_OUT} -WhatIf\n$x = 1\nGet-Help ${SIGN_OUT}\n`);
  const files: FuzzFiles = {
    dir,
    jar,
    jarText: SIGNED_IN,
    reset: () => writeFile(jar, SIGNED_IN),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
  await files.reset();
  return files;
}

const odd = fc.string({ unit: 'binary', maxLength: 16 });
const values = fc.oneof(
  fc.constantFrom(
    'Cookies', 'cookies', 'Oidc', 'OAuth2', 'oauth2', 'oidc', 'Nope', '/', '/home', '//evil.example', '/\\evil.example',
    'javascript:alert(1)', 'http://127.0.0.1/back', 'https://evil.example/', '/x\r\nSet-Cookie: a=b', '@{ a = 1 }', '@{ .redirect = "/x" }',
    '@{', '$null', '$true', '$false', '1', '-1', '1e309', '0x10', "'quoted'", '"dq"', '`', '$x', 'a,b', ';', '#', '', ' ', '--',
    'Stop', 'SilentlyContinue', 'Inquire', 'Continue',
  ),
  odd,
);
const parameters = fc.constantFrom(
  '-Scheme', '-AuthKind', '-RedirectUri', '-Properties', '-Redirect', '-WhatIf', '-Confirm', '-Confirm:$false', '-WhatIf:$false',
  '-Verbose', '-Debug', '-ErrorAction', '-WarningAction', '-InformationAction', '-OidcScheme', '-Sch', '-A', '-R', '-', '--',
  '-Full', '-Examples', '-Name', '-Syntax', '-Bogus', '-ErrorAction:Stop', '-Redirect:$true', '-OutVariable', '-Properties:@{a=1}',
);
const cmdlets = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(SIGN_OUT, 'invoke-krcookiesignout') },
  { weight: 2, arbitrary: fc.constantFrom('Get-Help', 'Get-Command', 'get-command') },
  { weight: 1, arbitrary: fc.constantFrom('Invoke-Kr', 'Nope-Thing', 'Invoke-KrCookieSignOut;', '$x', 'exit', "'text'", '42') },
);

function krOptions(files: FuzzFiles): fc.Arbitrary<string[]> {
  const at = (name: string) => join(files.dir, name);
  const jar = fc.constantFrom(files.jar, at('garbage.txt'), at('missing.txt'), at('a-folder'), at('tough.json'), at('broken.json'), at('sub/new.txt'));
  const url = fc.constantFrom('http://127.0.0.1/', 'https://127.0.0.1/app', 'http://[::1]/', 'not a url', 'ftp://127.0.0.1/', 'http://127.0.0.1:1/Account/Logout', '');
  const config = fc.constantFrom(at('kr.config.json'), at('wrong-types.json'), at('not-json.json'), at('missing.json'), at('a-folder'));
  const number = fc.constantFrom('1', '0', '-3', 'x', '1e3', '');
  // weights: mostly the options a sign-out uses, so most lines reach the binder and the cmdlet
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom<string[]>(['--json'], ['--non-interactive'], ['--no-color']) },
    { weight: 1, arbitrary: fc.constantFrom<string[]>(['--bogus'], ['-h'], ['--version'], ['-c']) },
    { weight: 6, arbitrary: jar.map((p) => ['--jar', p]) },
    { weight: 5, arbitrary: url.map((u) => ['--url', u]) },
    { weight: 2, arbitrary: config.map((p) => ['--config', p]) },
    { weight: 1, arbitrary: fc.constantFrom(at('tokens.json'), at('garbage.txt'), at('a-folder')).map((p) => ['--tokens', p]) },
    { weight: 1, arbitrary: number.map((n) => ['--max-hops', n]) },
    { weight: 1, arbitrary: number.map((n) => ['--timeout', n]) },
    { weight: 1, arbitrary: fc.constantFrom(at('script.kr'), at('garbage.txt'), at('missing.kr')).map((p) => ['-f', p]) },
  );
}

/** Deep nesting and huge inputs (issue 10): each must end in a named error or a result, never a crash. */
const hostile: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(['@{a=', '}'], ['(', ')'], ['@(', ')'], ['$(', ')'], ['{', '}'], ['[int](', ')'], ['"$(', ')"'], ['-not ', ''], ['!', ''], [',', '']),
    fc.integer({ min: 150, max: 20_000 }),
  )
  .map(([[open, close], depth]) => `${SIGN_OUT} -WhatIf -Properties ${open.repeat(depth)}1${close.repeat(depth)}`);
// 10-60 KB of one token: big enough for a quadratic scan to show; units that make one argument
// (not thousands of statements writing objects), so a case's time limit measures the scan
const huge: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom("'", '"', 'a', '$x', '@{a=1},', '1,', '# ', '<#', '(', '@('), fc.integer({ min: 10_000, max: 60_000 }))
  .map(([unit, length]) => `${SIGN_OUT} -WhatIf -Scheme ${unit.repeat(Math.ceil(length / unit.length))}`);

/** `-c` text: statements built from kr's words, or raw text, with separators; now and then hostile nesting or size. */
export const scripts: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: hostile },
  { weight: 1, arbitrary: huge },
  fc
    .array(fc.oneof(cmdlets, parameters, values), { maxLength: 10 })
    .chain((words) => fc.array(fc.constantFrom(' ', ' ', '; ', '\n', ' `\n'), { minLength: words.length, maxLength: words.length }).map((seps) => words.map((w, i) => w + seps[i]).join(''))),
  { weight: 6, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  fc.constantFrom('$ConfirmPreference = "Low"; ', '$WhatIfPreference = $true; ', '$x = @{ a = 1 }; ', '<# c #> ', '# c\n').chain((prefix) =>
    fc.array(fc.oneof(parameters, values), { maxLength: 5 }).map((rest) => `${prefix}${SIGN_OUT} ${rest.join(' ')}`),
  ),
);

/** Whole argv: kr's options (some with `-c` scripts), maybe a cmdlet, and its arguments. */
export function argvs(files: FuzzFiles): fc.Arbitrary<string[]> {
  return fc
    .tuple(
      fc.array(krOptions(files), { maxLength: 3 }),
      fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: scripts }),
      fc.option(cmdlets, { freq: 10, nil: undefined }),
      fc.array(fc.oneof(parameters, values), { maxLength: 8 }),
    )
    .map(([options, script, cmdlet, args]) => {
      const flat = options.flat();
      // a bare -c takes the next word; give it a script now and then
      if (script !== null) flat.push('-c', script);
      return cmdlet === undefined ? [...flat, ...args] : [...flat, cmdlet, ...args];
    });
}

export interface CaseOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
  ms: number;
}

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs one command line through the CLI's own entry, with in-memory streams and the fuzz files. */
export async function runInProcess(argv: readonly string[], files: FuzzFiles): Promise<CaseOutcome> {
  const stdout = new Collect();
  const stderr = new Collect();
  const started = performance.now();
  const exitCode = await runCli(argv, {
    stdin: Readable.from([]),
    stdout,
    stderr,
    env: { HOME: files.dir, KR_TOKENS: join(files.dir, 'tokens.json'), NO_COLOR: '1' },
    cwd: files.dir,
  });
  return { exitCode, stdout: stdout.text, stderr: stderr.text, ms: performance.now() - started };
}

interface JsonErrors {
  errors?: { errorId?: unknown; message?: unknown }[];
  exitCode?: unknown;
}

/** Throws (with the command line) when a run breaks the rules. */
export function checkOutcome(argv: readonly string[], outcome: CaseOutcome): void {
  const fail = (why: string): never => {
    throw new Error(`${why}\nargv: ${JSON.stringify(argv)}\nexit ${outcome.exitCode}\nstdout: ${outcome.stdout.slice(0, 600)}\nstderr: ${outcome.stderr.slice(0, 600)}`);
  };
  // `exit n` chooses its own code (an Int32); everything else ends with one of kr's
  // (0-255, as the process will report it), and a chosen code is not a failure to explain
  const mayExit = argv.some((arg) => /(^|[\s;])exit\b/i.test(arg));
  const codeOk = mayExit ? Number.isInteger(outcome.exitCode) && outcome.exitCode >= 0 && outcome.exitCode <= 255 : [0, 1, 2, 3].includes(outcome.exitCode);
  if (!codeOk) fail(`exit code ${outcome.exitCode}`);
  const unexplained = outcome.exitCode !== 0 && !mayExit;
  if (outcome.ms > CASE_LIMIT_MS) fail(`took ${Math.round(outcome.ms)} ms`);
  const everything = outcome.stdout + outcome.stderr;
  if (/UnhandledException|\n\s+at .+:\d+:\d+\)?\n/.test(everything)) fail('an unhandled exception or a stack trace');
  if (everything.includes('FUZZ-CANARY')) fail('a cookie value was printed');
  if (wantsJson(argv)) {
    let doc: JsonErrors;
    try {
      doc = JSON.parse(outcome.stdout) as JsonErrors;
    } catch {
      return fail('--json did not print exactly one JSON document');
    }
    if (doc.exitCode !== outcome.exitCode) fail('the document exit code differs from the process exit code');
    const errors = doc.errors ?? [];
    for (const error of errors) if (typeof error.errorId !== 'string' || error.errorId === '') fail('an error without an errorId');
    if (unexplained && errors.length === 0) fail('a failure without an error record');
  } else if (unexplained && outcome.stderr.trim() === '') {
    fail('a failure with nothing on stderr');
  }
}
