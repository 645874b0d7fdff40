// PowerShell's PromptForChoice conversation, independent of how a line is read: every host
// (terminal, recording) shares it, so `?`, Enter-for-default and "ask again" behave the same.

import type { ChoiceDescription, ChoicePrompt } from './host.js';

export function hotkeyOf(choice: ChoiceDescription): string {
  const at = choice.label.indexOf('&');
  return (at >= 0 && at + 1 < choice.label.length ? choice.label[at + 1] : choice.label[0] ?? '?').toUpperCase();
}

export function labelOf(choice: ChoiceDescription): string {
  return choice.label.replace('&', '');
}

/** `[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is "Y"): ` */
export function choiceLine(prompt: ChoicePrompt): string {
  const parts = prompt.choices.map((c) => `[${hotkeyOf(c)}] ${labelOf(c)}`);
  const def = prompt.choices[prompt.defaultIndex];
  const suffix = def ? ` (default is "${hotkeyOf(def)}"): ` : ': ';
  return `${[...parts, '[?] Help'].join('  ')}${suffix}`;
}

/** The lines `?` prints: `Y - Continue with only the next step of the operation.` ... */
export function helpLines(prompt: ChoicePrompt): string[] {
  return prompt.choices.map((c) => `${hotkeyOf(c)} - ${c.help}`);
}

export type ChoiceAnswer = { kind: 'choice'; index: number } | { kind: 'help' } | { kind: 'unknown' };

/** An answer is a hotkey or a whole label (case-insensitive); empty = the default; `?` = help. */
export function interpretAnswer(prompt: ChoicePrompt, raw: string): ChoiceAnswer {
  const answer = raw.trim().toLowerCase();
  if (answer === '') return { kind: 'choice', index: prompt.defaultIndex };
  if (answer === '?') return { kind: 'help' };
  const byKey = prompt.choices.findIndex((c) => hotkeyOf(c).toLowerCase() === answer);
  if (byKey >= 0) return { kind: 'choice', index: byKey };
  const byLabel = prompt.choices.findIndex((c) => labelOf(c).toLowerCase() === answer);
  if (byLabel >= 0) return { kind: 'choice', index: byLabel };
  return { kind: 'unknown' };
}

export interface ChoiceIo {
  /**
   * Shows `text` (its last line is where the user types) and reads one line.
   * `text` is the whole prompt the first time, only the choice line when asking again.
   */
  ask(text: string): Promise<string>;
  /** Prints one line (the help lines). */
  write(line: string): void;
}

export async function runChoicePrompt(prompt: ChoicePrompt, io: ChoiceIo): Promise<number> {
  let text = [prompt.caption, prompt.message, choiceLine(prompt)].join('\n');
  for (;;) {
    const answer = interpretAnswer(prompt, await io.ask(text));
    if (answer.kind === 'choice') return answer.index;
    if (answer.kind === 'help') for (const line of helpLines(prompt)) io.write(line);
    text = choiceLine(prompt);
  }
}
