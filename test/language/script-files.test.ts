// Script files as commands: `. ./lib.ps1` (dot-sourcing: its functions and variables stay in
// the caller's scope), `& ./x.ps1 args` and `./x.ps1 args` (a new script scope, param() bound
// from the arguments), errors pointing into the file, a missing file as CommandNotFoundException.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newRunspace } from './run.js';

function setup(files: Record<string, string>) {
  const { rs, host } = newRunspace();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(rs.cwd, name), text);
  return { rs, host };
}

describe('script files', () => {
  it('dot-sourcing keeps the file\'s functions and variables in the caller\'s scope', async () => {
    const { rs } = setup({ 'lib.ps1': "$greeting = 'hello'\nfunction Get-Greeting { param($Name) \"$greeting, $Name\" }\n" });
    const ran = await rs.invoke(". ./lib.ps1; Get-Greeting -Name kr; $greeting");
    expect(ran.errors).toEqual([]);
    expect(ran.output).toEqual(['hello, kr', 'hello']);
    // and later commands of the session still see them
    expect((await rs.invoke('Get-Greeting x')).output).toEqual(['hello, x']);
  });

  it('& and a plain path run the file in its own scope: param() bound by name and position, $args, nothing leaks', async () => {
    const { rs } = setup({ 's.ps1': "param([string]$Name = 'none', [int]$Count = 1)\n$inside = 1\n\"$Name x$Count\"\n$args.Count\n" });
    expect((await rs.invoke('& ./s.ps1 -Name a -Count 3')).output).toEqual(['a x3', 0]);
    expect((await rs.invoke('./s.ps1 b 2 extra')).output).toEqual(['b x2', 1]);
    expect((await rs.invoke('$s = "./s.ps1"; & $s; $inside')).output).toEqual(['none x1', 0, null]);
  });

  it('$script: inside a file run with & is the file\'s own scope', async () => {
    const { rs } = setup({ 'c.ps1': "$script:n = 5\nfunction bump { $script:n++ }\nbump; bump\n$script:n\n" });
    const ran = await rs.invoke('$n = 1; & ./c.ps1; $n');
    expect(ran.output).toEqual([7, 1]);
  });

  it('a script file\'s output goes down the pipeline', async () => {
    const { rs } = setup({ 'nums.ps1': '1..3' });
    expect((await rs.invoke('./nums.ps1 | ForEach-Object { $_ * 10 }')).output).toEqual([10, 20, 30]);
  });

  it('an error in the file points into the file: its path and line', async () => {
    const { rs, host } = setup({ 'bad.ps1': "'first'\nGet-Nothing-Here\n'after'\n" });
    const ran = await rs.invoke('./bad.ps1');
    expect(ran.output).toEqual(['first', 'after']);
    expect(ran.errors[0].errorId).toBe('CommandNotFoundException');
    expect(host.errors[0].position).toMatchObject({ file: join(rs.cwd, 'bad.ps1'), line: 2, column: 1 });
  });

  it('a parse error in the file is a parse error of that file, and nothing of it runs', async () => {
    const { rs, host } = setup({ 'broken.ps1': "'would run'\nif ($true {\n" });
    const ran = await rs.invoke(". ./broken.ps1; 'next'");
    expect(ran.output).not.toContain('would run');
    expect(host.errors[0].position).toMatchObject({ file: join(rs.cwd, 'broken.ps1'), line: 2 });
  });

  it('a missing file is CommandNotFoundException naming it', async () => {
    const { rs } = setup({});
    const ran = await rs.invoke(". ./missing.ps1; 'after'");
    expect(ran.errors[0].errorId).toBe('CommandNotFoundException');
    expect(ran.errors[0].message).toContain("'./missing.ps1'");
    expect(ran.output).toEqual(['after']);
  });

  it('a bare name is not looked up in the current folder (PowerShell runs x.ps1 only by path or PATH)', async () => {
    const { rs } = setup({ 'here.ps1': "'ran'" });
    const ran = await rs.invoke('here.ps1');
    expect(ran.output).toEqual([]);
    expect(ran.errors[0].errorId).toBe('CommandNotFoundException');
  });
});
