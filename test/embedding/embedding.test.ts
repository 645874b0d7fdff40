// The embedding API (src/index.ts) as a Node program uses it: createRunspace with kr's
// cmdlets and the embedder's own, preferences and variables, a recording host answering
// prompts, invoke(text | argv) returning output, streams, errors and the exit code; two
// runspaces side by side (even concurrently) share nothing; and the README example
// (examples/embed.mjs, importing the built package by its name) runs.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  Cmdlet,
  RecordingHost,
  completeLine,
  createRunspace,
  runScriptText,
  type CommandDeclaration,
} from '../../src/index.js';
import { ensureBuilt, root } from '../shell/kr-process.js';

class StepTwice extends Cmdlet {
  static override declaration: CommandDeclaration = {
    name: 'Invoke-Steps',
    synopsis: 'Two ShouldProcess steps.',
    description: 'Test cmdlet.',
    supportsShouldProcess: true,
    confirmImpact: 'High',
    parameters: [{ name: 'Mode', type: 'string', position: 0, validateSet: ['Fast', 'Slow'], default: 'Fast', help: 'h' }],
  };
  async invoke(): Promise<void> {
    for (const step of ['one', 'two']) {
      // A yield between the steps lets a second runspace's invocation interleave with this one.
      await new Promise((r) => setImmediate(r));
      if (await this.shouldProcess(step, 'Step')) this.writeObject(`${this.string('Mode')} ${step}`);
    }
  }
}

class OnlyInA extends Cmdlet {
  static override declaration: CommandDeclaration = { name: 'Get-OnlyA', synopsis: 's', description: 'd', parameters: [] };
  async invoke(): Promise<void> {
    this.writeObject('a');
  }
}

test('invoke returns output, streams, errors and the exit code, for text and argv', async () => {
  const host = new RecordingHost();
  const rs = createRunspace({ host, cmdlets: [StepTwice], variables: { mode: 'Slow' }, preferences: { WhatIfPreference: true } });
  const text = await rs.invoke('Invoke-Steps $mode');
  expect(text).toMatchObject({ command: 'Invoke-Steps', output: [], exitCode: 0, errors: [] });
  expect(text.whatIf).toEqual(['What if: Performing the operation "Step" on target "one".', 'What if: Performing the operation "Step" on target "two".']);
  expect(host.linesOf('whatif')).toHaveLength(2);

  rs.setVariable('WhatIfPreference', false);
  rs.setVariable('ConfirmPreference', 'None');
  const argv = await rs.invoke(['Invoke-Steps', 'slow']);
  expect(argv.output).toEqual(['Slow one', 'Slow two']);
  expect(argv.parameters).toEqual({ Mode: 'Slow', WhatIf: false, Confirm: false });

  const bad = await rs.invoke(['Invoke-Steps', 'Medium']);
  expect(bad.exitCode).toBe(2);
  expect(bad.errors[0].errorId).toBe('ParameterArgumentValidationError,Invoke-Steps');
  expect(rs.getVariable('LASTEXITCODE')).toBe(2);
  expect(rs.getVariable('?')).toBe(false);
  expect(() => rs.setVariable('ConfirmPreference', 'Sometimes')).toThrow(expect.objectContaining({ errorId: 'InvalidPreferenceValue' }));
});

test('two runspaces side by side share no variables, preferences, cmdlets or Yes-to-All answers', async () => {
  const hostA = new RecordingHost({ answers: ['a'] });
  const hostB = new RecordingHost({ answers: ['y', 'n'] });
  const a = createRunspace({ host: hostA, cmdlets: [StepTwice, OnlyInA] });
  const b = createRunspace({ host: hostB, cmdlets: [StepTwice] });

  await a.invoke("$x = 'from a'; $VerbosePreference = 'Continue'");
  expect(a.getVariable('x')).toBe('from a');
  expect(b.getVariable('x')).toBeUndefined();
  expect(b.preferences().verbose).toBe('SilentlyContinue');
  expect(a.preferences().verbose).toBe('Continue');
  expect((await b.invoke('Get-OnlyA')).errors[0].errorId).toBe('CommandNotFoundException');
  expect(b.getCommand('Get-OnlyA')).toBeUndefined();

  // Both prompt at once: A answers Yes to All (one prompt), B answers per step.
  const [ra, rb] = await Promise.all([a.invoke('Invoke-Steps'), b.invoke('Invoke-Steps')]);
  expect(ra.output).toEqual(['Fast one', 'Fast two']);
  expect(hostA.prompts).toHaveLength(1);
  expect(rb.output).toEqual(['Fast one']);
  expect(hostB.prompts).toHaveLength(2);

  // Yes to All belongs to one invocation: A's next run asks again (and, with no answers left, fails as non-interactive).
  const again = await a.invoke('Invoke-Steps');
  expect(again.exitCode).toBe(3);
  expect(hostA.prompts).toHaveLength(2);
});

test('builtins: false leaves kr cmdlets out; completion and scripts work on any runspace', async () => {
  const bare = createRunspace({ builtins: false, cmdlets: [StepTwice] });
  expect(bare.commands().map((c) => c.declaration.name)).toEqual(['Invoke-Steps']);
  expect((await bare.invoke('Get-Help')).exitCode).toBe(2);
  expect(createRunspace().getCommand('Get-Help')).toBeDefined();

  expect(completeLine('invoke-st', { commands: bare.commands() }).candidates).toEqual(['Invoke-Steps']);
  expect(completeLine('Invoke-Steps -Mode s', { commands: bare.commands() }).candidates).toEqual(['Slow']);

  const host = new RecordingHost();
  const rs = createRunspace({ host, cmdlets: [StepTwice], preferences: { ConfirmPreference: 'None' } });
  const r = await runScriptText(rs, 'Invoke-Steps "$args"\nInvoke-Steps -Nope', { file: '/scripts/x.ps1', args: ['Slow'] });
  expect(r.exitCode).toBe(2);
  expect(host.linesOf('output')).toEqual(['Slow one', 'Slow two']);
  expect(host.linesOf('error')[1]).toBe('At /scripts/x.ps1:2 char:14');
  expect(rs.getVariable('args')).toEqual(['Slow']);
});

test('the README example (examples/embed.mjs) runs against the built package', () => {
  ensureBuilt();
  const r = spawnSync(process.execPath, [join(root, 'examples/embed.mjs')], { cwd: root, encoding: 'utf8', timeout: 20000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout.trim().split('\n')).toEqual([
    'output: [{"Removed":"gear","Kind":"Large"}]',
    "verbose: [ 'removing gear' ]",
    'prompted: 1 exit: 0',
    `whatIf: [ 'What if: Performing the operation "Remove" on target "gear".' ]`,
    'error: ParameterArgumentValidationError,Remove-Widget exit: 2 LASTEXITCODE: 2',
    'isolated: true',
  ]);
}, 120000);
