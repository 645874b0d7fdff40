// The ShouldProcess decision, exactly as REFERENCE.md §2 and PowerShell's
// MshCommandRuntime.DoShouldProcess take it:
//   1. a remembered Yes to All / No to All (per invocation) answers at once;
//   2. WhatIf (`-WhatIf`, else $WhatIfPreference; `-WhatIf:$false` beats the preference):
//      write `What if: Performing the operation "{action}" on target "{target}".`, skip;
//   3. threshold = Low with `-Confirm`, None with `-Confirm:$false`, else $ConfirmPreference;
//      go on without asking when threshold is None or above the cmdlet's ConfirmImpact;
//   4. otherwise ask PowerShell's Confirm prompt. No is a skip, not an error; Suspend is
//      not available in kr (no nested prompt): say so and ask again. A non-interactive host
//      fails the prompt with RuntimeErrors.nonInteractive() (exit 3).

import { RuntimeErrors } from '../params/errors.js';
import type { ConfirmImpact } from '../params/metadata.js';
import type { ChoiceDescription, ChoicePrompt, Host } from './host.js';

/** What an invocation remembers between its ShouldProcess calls. */
export interface ShouldProcessMemory {
  yesToAll: boolean;
  noToAll: boolean;
}

export function newShouldProcessMemory(): ShouldProcessMemory {
  return { yesToAll: false, noToAll: false };
}

export interface ShouldProcessRequest {
  target: string;
  action: string;
  confirmImpact: ConfirmImpact;
  /** The bound -WhatIf value; undefined when not given. */
  whatIf?: boolean;
  /** The bound -Confirm value; undefined when not given. */
  confirm?: boolean;
  whatIfPreference: boolean;
  confirmPreference: ConfirmImpact;
  memory: ShouldProcessMemory;
  host: Host;
  signal?: AbortSignal;
  /** Records and shows a What if line. */
  whatIfLine(text: string): void;
  /** Shows a note to the person at the prompt (the Suspend refusal). */
  notice(text: string): void;
}

const IMPACT_RANK: Record<ConfirmImpact, number> = { None: 0, Low: 1, Medium: 2, High: 3 };

export function whatIfMessage(action: string, target: string): string {
  return `What if: Performing the operation "${action}" on target "${target}".`;
}

export const CONFIRM_CHOICES: readonly ChoiceDescription[] = [
  { label: '&Yes', help: 'Continue with only the next step of the operation.' },
  { label: 'Yes to &All', help: 'Continue with all the steps of the operation.' },
  { label: '&No', help: 'Skip this operation and proceed with the next operation.' },
  { label: 'No to A&ll', help: 'Skip this operation and all subsequent operations.' },
  {
    label: '&Suspend',
    help: 'Pause the current pipeline and return to the command prompt. Type "exit" to resume the pipeline.',
  },
];

/** Indexes into CONFIRM_CHOICES. */
const Choice = { Yes: 0, YesToAll: 1, No: 2, NoToAll: 3, Suspend: 4 } as const;

export function confirmPrompt(action: string, target: string): ChoicePrompt {
  return {
    caption: 'Confirm',
    message: `Are you sure you want to perform this action?\nPerforming the operation "${action}" on target "${target}".`,
    choices: CONFIRM_CHOICES,
    defaultIndex: Choice.Yes,
  };
}

/** Step 3: the confirmation threshold in force. */
export function confirmThreshold(confirm: boolean | undefined, preference: ConfirmImpact): ConfirmImpact {
  if (confirm === true) return 'Low';
  if (confirm === false) return 'None';
  return preference;
}

/** Step 3: whether the threshold asks for a prompt at this ConfirmImpact. */
export function needsConfirmation(threshold: ConfirmImpact, impact: ConfirmImpact): boolean {
  return threshold !== 'None' && IMPACT_RANK[threshold] <= IMPACT_RANK[impact];
}

/** True = perform the operation. */
export async function decideShouldProcess(request: ShouldProcessRequest): Promise<boolean> {
  const { memory } = request;
  if (memory.yesToAll) return true;
  if (memory.noToAll) return false;

  const whatIf = request.whatIf ?? request.whatIfPreference;
  if (whatIf) {
    request.whatIfLine(whatIfMessage(request.action, request.target));
    return false;
  }

  const threshold = confirmThreshold(request.confirm, request.confirmPreference);
  if (!needsConfirmation(threshold, request.confirmImpact)) return true;

  if (!request.host.interactive) throw RuntimeErrors.nonInteractive();
  const prompt = confirmPrompt(request.action, request.target);
  for (;;) {
    const choice = await request.host.promptChoice(prompt, request.signal);
    switch (choice) {
      case Choice.Yes:
        return true;
      case Choice.YesToAll:
        memory.yesToAll = true;
        return true;
      case Choice.No:
        return false;
      case Choice.NoToAll:
        memory.noToAll = true;
        return false;
      default:
        request.notice(RuntimeErrors.suspendNotSupported().message);
    }
  }
}
