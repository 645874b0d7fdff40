// The shell history: entries are saved to the file (KR_HISTORY or ~/.kr/history), read
// back newest first, multi-line entries survive, and values of sensitive parameters are
// masked wherever they were typed (named, -Name:, a prefix of the name, by position).
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { History, MASK, historyPath, maskSecrets } from '../../src/shell/history.js';
import type { CommandDeclaration } from '../../src/params/metadata.js';

const secretCmdlet: { declaration: CommandDeclaration } = {
  declaration: {
    name: 'Connect-Test',
    synopsis: 's',
    description: 'd',
    aliases: ['ct'],
    parameters: [
      { name: 'Name', type: 'string', position: 0, help: 'h' },
      { name: 'ClientSecret', type: 'string', position: 1, sensitive: true, help: 'h' },
      { name: 'Force', type: 'switch', help: 'h' },
    ],
  },
};
const commands = [secretCmdlet];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kr-history-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('maskSecrets', () => {
  test.each([
    ['Connect-Test app -ClientSecret s3cr3t', `Connect-Test app -ClientSecret ${MASK}`],
    ['Connect-Test app -ClientSecret:s3cr3t -Force', `Connect-Test app -ClientSecret:${MASK} -Force`],
    ["connect-test -cl 's3 cr3t' app", `connect-test -cl ${MASK} app`],
    ['Connect-Test app s3cr3t', `Connect-Test app ${MASK}`],
    ['Connect-Test -Force -Name app s3cr3t', `Connect-Test -Force -Name app ${MASK}`],
    ['ct app "s3$x"', `ct app ${MASK}`],
    ['Connect-Test a s3cr3t; Connect-Test b -ClientSecret other', `Connect-Test a ${MASK}; Connect-Test b -ClientSecret ${MASK}`],
    ["$v = 'keep'\nConnect-Test a s3cr3t # note", `$v = 'keep'\nConnect-Test a ${MASK} # note`],
  ])('%s', (line, masked) => {
    expect(maskSecrets(line, commands)).toBe(masked);
  });

  test('commands without sensitive parameters, unknown commands and names alone are left as typed', () => {
    for (const line of ['Connect-Test app', 'Other-Thing -ClientSecret x', 'Connect-Test app -ClientSecret']) {
      expect(maskSecrets(line, commands)).toBe(line);
    }
  });
});

describe('History', () => {
  test('KR_HISTORY overrides ~/.kr/history', () => {
    expect(historyPath({}, '/w', '/home/u')).toBe('/home/u/.kr/history');
    expect(historyPath({ KR_HISTORY: 'h.txt' }, '/w', '/home/u')).toBe('/w/h.txt');
  });

  test('entries are appended to the file (mode 0600), read back newest first, multi-line entries kept whole', () => {
    const file = join(dir, 'sub', 'history');
    const history = new History(file);
    history.add('Get-Help');
    history.add('Get-Help');
    history.add("Test-X -Properties @{\n  a = 1\n}");
    history.add('   ');
    expect(history.entries).toEqual(["Test-X -Properties @{\n  a = 1\n}", 'Get-Help']);
    expect(readFileSync(file, 'utf8')).toBe('Get-Help\nTest-X -Properties @{`\n  a = 1`\n}\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(new History(file).load().entries).toEqual(["Test-X -Properties @{\n  a = 1\n}", 'Get-Help']);
  });

  test('a missing file is an empty history; the limit keeps the newest', () => {
    expect(new History(join(dir, 'none')).load().entries).toEqual([]);
    const small = new History(join(dir, 'small'), 2);
    for (const e of ['a', 'b', 'c']) small.add(e);
    expect(small.entries).toEqual(['c', 'b']);
    expect(new History(join(dir, 'small'), 2).load().entries).toEqual(['c', 'b']);
  });
});
