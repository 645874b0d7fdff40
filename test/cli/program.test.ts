// kr's own options end at the cmdlet name. wantsJson (which decides the error format even when
// commander rejects the line) must draw that line where commander does, negative numbers included.
import { parseCommandLine, wantsJson } from '../../src/cli/program.js';

const cases: [string[], boolean][] = [
  [['--json', 'Get-Help'], true],
  [['Get-Help', '--json'], false],
  [['--timeout', '-3', '--json', 'Get-Help'], true], // -3 is --timeout's value
  [['-c', '--timeout', '-3', '--json'], false], // -c took '--timeout'; -3 is then the cmdlet name
  [['-', '--json'], false], // a lone '-' is an argument
  [['-1.5e3', '--json'], false],
  [['--', '--json'], false],
  [['--no-color', '--json', '-c', 'Get-Command'], true],
];

test.each(cases)('%j: --json is kr\'s: %s, and commander agrees', (argv, expected) => {
  expect(wantsJson(argv)).toBe(expected);
  const parsed = parseCommandLine(argv);
  const json = parsed.kind === 'run' ? parsed.options.json : parsed.json;
  expect(json).toBe(expected);
});
