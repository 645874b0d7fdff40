// The ShouldProcess decision of REFERENCE.md §2, branch by branch, with the recording host.
import { RuntimeErrors } from '../../src/params/errors.js';
import type { ConfirmImpact } from '../../src/params/metadata.js';
import { choiceLine, helpLines, interpretAnswer } from '../../src/runtime/choice-prompt.js';
import { RecordingHost } from '../../src/runtime/host-recording.js';
import {
  confirmPrompt,
  confirmThreshold,
  decideShouldProcess,
  needsConfirmation,
  newShouldProcessMemory,
  whatIfMessage,
  type ShouldProcessMemory,
} from '../../src/runtime/should-process.js';

const CHOICE_LINE = '[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is "Y"): ';
const HELP_LINES = [
  'Y - Continue with only the next step of the operation.',
  'A - Continue with all the steps of the operation.',
  'N - Skip this operation and proceed with the next operation.',
  'L - Skip this operation and all subsequent operations.',
  'S - Pause the current pipeline and return to the command prompt. Type "exit" to resume the pipeline.',
];

interface Case {
  host?: RecordingHost;
  whatIf?: boolean;
  confirm?: boolean;
  whatIfPreference?: boolean;
  confirmPreference?: ConfirmImpact;
  confirmImpact?: ConfirmImpact;
  memory?: ShouldProcessMemory;
}

async function decide(c: Case = {}) {
  const host = c.host ?? new RecordingHost();
  const whatIfLines: string[] = [];
  const notices: string[] = [];
  const go = await decideShouldProcess({
    target: 'Cookies',
    action: 'SignOut',
    confirmImpact: c.confirmImpact ?? 'Low',
    whatIf: c.whatIf,
    confirm: c.confirm,
    whatIfPreference: c.whatIfPreference ?? false,
    confirmPreference: c.confirmPreference ?? 'High',
    memory: c.memory ?? newShouldProcessMemory(),
    host,
    whatIfLine: (t) => whatIfLines.push(t),
    notice: (t) => notices.push(t),
  });
  return { go, host, whatIfLines, notices };
}

describe('WhatIf', () => {
  test('-WhatIf writes the exact What if line and skips', async () => {
    const r = await decide({ whatIf: true });
    expect(r.go).toBe(false);
    expect(r.whatIfLines).toEqual(['What if: Performing the operation "SignOut" on target "Cookies".']);
    expect(whatIfMessage('SignOut', 'My App')).toBe('What if: Performing the operation "SignOut" on target "My App".');
  });

  test('$WhatIfPreference = $true acts like -WhatIf', async () => {
    const r = await decide({ whatIfPreference: true });
    expect(r.go).toBe(false);
    expect(r.whatIfLines).toHaveLength(1);
  });

  test('-WhatIf:$false overrides $WhatIfPreference', async () => {
    const r = await decide({ whatIfPreference: true, whatIf: false });
    expect(r.go).toBe(true);
    expect(r.whatIfLines).toEqual([]);
  });

  test('WhatIf wins over -Confirm (no prompt is shown)', async () => {
    const host = new RecordingHost({ answers: ['y'] });
    const r = await decide({ host, whatIf: true, confirm: true });
    expect(r.go).toBe(false);
    expect(host.prompts).toHaveLength(0);
  });
});

describe('confirmation threshold', () => {
  test('by default (ConfirmPreference High, ConfirmImpact Low) nothing is asked', async () => {
    const host = new RecordingHost({ interactive: false });
    expect((await decide({ host })).go).toBe(true);
  });

  test('-Confirm sets the threshold to Low and prompts', async () => {
    const host = new RecordingHost({ answers: ['y'] });
    const r = await decide({ host, confirm: true });
    expect(r.go).toBe(true);
    expect(host.prompts).toHaveLength(1);
  });

  test('-Confirm:$false never prompts, even with ConfirmPreference Low', async () => {
    const host = new RecordingHost({ interactive: false });
    expect((await decide({ host, confirm: false, confirmPreference: 'Low' })).go).toBe(true);
  });

  test.each<[ConfirmImpact, ConfirmImpact, boolean]>([
    ['Low', 'Low', true],
    ['Medium', 'Low', false],
    ['High', 'Low', false],
    ['None', 'Low', false],
    ['Low', 'Medium', true],
    ['Medium', 'Medium', true],
    ['High', 'Medium', false],
    ['Medium', 'High', true],
    ['High', 'High', true],
    ['None', 'High', false],
    ['Low', 'None', false],
  ])('ConfirmPreference %s vs ConfirmImpact %s: prompt = %s', async (preference, impact, prompts) => {
    expect(needsConfirmation(confirmThreshold(undefined, preference), impact)).toBe(prompts);
    const host = new RecordingHost({ answers: ['n'] });
    const r = await decide({ host, confirmPreference: preference, confirmImpact: impact });
    expect(host.prompts.length).toBe(prompts ? 1 : 0);
    expect(r.go).toBe(!prompts);
  });

  test('threshold: -Confirm = Low, -Confirm:$false = None, else the preference', () => {
    expect(confirmThreshold(true, 'High')).toBe('Low');
    expect(confirmThreshold(false, 'Low')).toBe('None');
    expect(confirmThreshold(undefined, 'Medium')).toBe('Medium');
  });
});

describe('the Confirm prompt', () => {
  test('shows PowerShell caption, message and choice line', async () => {
    const host = new RecordingHost({ answers: ['y'] });
    await decide({ host, confirm: true });
    expect(host.transcript).toEqual([
      'Confirm',
      'Are you sure you want to perform this action?',
      'Performing the operation "SignOut" on target "Cookies".',
      `${CHOICE_LINE}y`,
    ]);
    expect(choiceLine(confirmPrompt('SignOut', 'Cookies'))).toBe(CHOICE_LINE);
  });

  test.each([
    ['y', true],
    ['Y', true],
    ['yes', true],
    ['a', true],
    ['Yes to All', true],
    ['n', false],
    ['NO', false],
    ['l', false],
    ['no to all', false],
    ['', true],
    ['  ', true],
  ])('answer %j -> perform = %s', async (answer, expected) => {
    const host = new RecordingHost({ answers: [answer] });
    expect((await decide({ host, confirm: true })).go).toBe(expected);
  });

  test('Enter takes the default (Yes)', async () => {
    const prompt = confirmPrompt('SignOut', 'Cookies');
    expect(interpretAnswer(prompt, '')).toEqual({ kind: 'choice', index: 0 });
  });

  test('? prints the five help lines and asks again with the choice line', async () => {
    const host = new RecordingHost({ answers: ['?', 'n'] });
    const r = await decide({ host, confirm: true });
    expect(r.go).toBe(false);
    expect(host.transcript.slice(3)).toEqual([`${CHOICE_LINE}?`, ...HELP_LINES, `${CHOICE_LINE}n`]);
    expect(helpLines(confirmPrompt('SignOut', 'Cookies'))).toEqual(HELP_LINES);
  });

  test('an unknown answer asks again', async () => {
    const host = new RecordingHost({ answers: ['maybe', 'x', 'y'] });
    const r = await decide({ host, confirm: true });
    expect(r.go).toBe(true);
    expect(host.transcript.filter((l) => l.startsWith('[Y]'))).toEqual([`${CHOICE_LINE}maybe`, `${CHOICE_LINE}x`, `${CHOICE_LINE}y`]);
  });

  test('S says kr has no nested prompt and asks again', async () => {
    const host = new RecordingHost({ answers: ['s', 'y'] });
    const r = await decide({ host, confirm: true });
    expect(r.go).toBe(true);
    expect(r.notices).toEqual([RuntimeErrors.suspendNotSupported().message]);
    expect(host.prompts).toHaveLength(2);
  });

  test('Yes to All is remembered for the rest of the invocation', async () => {
    const host = new RecordingHost({ answers: ['a'] });
    const memory = newShouldProcessMemory();
    expect((await decide({ host, confirm: true, memory })).go).toBe(true);
    expect((await decide({ host, confirm: true, memory })).go).toBe(true);
    // remembered Yes to All answers before WhatIf, as in PowerShell
    expect((await decide({ host, confirm: true, memory, whatIf: true })).go).toBe(true);
    expect(host.prompts).toHaveLength(1);
  });

  test('No to All is remembered for the rest of the invocation', async () => {
    const host = new RecordingHost({ answers: ['l'] });
    const memory = newShouldProcessMemory();
    expect((await decide({ host, confirm: true, memory })).go).toBe(false);
    expect((await decide({ host, confirm: true, memory })).go).toBe(false);
    expect(host.prompts).toHaveLength(1);
  });

  test('Yes (not to all) asks again next time', async () => {
    const host = new RecordingHost({ answers: ['y', 'n'] });
    const memory = newShouldProcessMemory();
    expect((await decide({ host, confirm: true, memory })).go).toBe(true);
    expect((await decide({ host, confirm: true, memory })).go).toBe(false);
    expect(host.prompts).toHaveLength(2);
  });

  test('a non-interactive host fails at once with HostNonInteractive (exit 3)', async () => {
    const host = new RecordingHost({ interactive: false, answers: ['y'] });
    await expect(decide({ host, confirm: true })).rejects.toMatchObject({
      errorId: 'HostNonInteractive',
      exitCode: 3,
      message: 'kr is in NonInteractive mode. Read and Prompt functionality is not available.',
    });
    expect(host.prompts).toHaveLength(0);
  });
});
