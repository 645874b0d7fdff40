// Write-Host, Write-Warning, Write-Verbose, Write-Debug, Write-Information and Write-Error:
// a message to one of the streams, under that stream's preference ($VerbosePreference, ...).
// Declared together: they are one shape over six streams (each is still its own command).

import { KrError, type ErrorCategory } from '../../params/errors.js';
import type { CommandDeclaration } from '../../params/metadata.js';
import { psToString, type PsValue } from '../../params/values.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';

const message = (help: string) => ({ name: 'Message', type: 'object' as const, position: 0, valueFromPipeline: true, help });
const text = (value: PsValue | undefined): string => (Array.isArray(value) ? value.map(psToString).join(' ') : psToString(value ?? null));

export class WriteHost extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(WriteHost, () => ({
      name: 'Write-Host',
      synopsis: 'Writes text for a person to read (the information stream, tagged PSHOST).',
      description: 'Shows text on the terminal; it is not output, so a pipeline or a variable does not receive it.',
      parameters: [
        { name: 'Object', type: 'object', position: 0, valueFromPipeline: true, help: 'What to show; arrays are joined by -Separator.' },
        { name: 'NoNewline', type: 'switch', help: 'Accepted for compatibility; each call is one line.' },
        { name: 'Separator', type: 'string', help: 'Between the items of an array (a space by default).' },
        { name: 'ForegroundColor', type: 'string', help: 'Accepted for compatibility.' },
        { name: 'BackgroundColor', type: 'string', help: 'Accepted for compatibility.' },
      ],
      examples: [{ title: 'Show a line', code: "Write-Host 'signing out'", remarks: 'Shows the text; writes no output object.' }],
    }));
  }

  async invoke(): Promise<void> {
    const value = this.value('Object');
    const separator = this.string('Separator') ?? ' ';
    this.writeHost(Array.isArray(value) ? value.map(psToString).join(separator) : psToString(value ?? null));
  }
}

export class WriteWarning extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(WriteWarning, () => ({
      name: 'Write-Warning',
      synopsis: 'Writes a warning message.',
      description: 'Writes to the warning stream ($WarningPreference, -WarningAction).',
      parameters: [message('The warning.')],
      examples: [{ title: 'Warn', code: "Write-Warning 'careful'", remarks: 'Shows WARNING: careful.' }],
    }));
  }

  async invoke(): Promise<void> {
    this.writeWarning(text(this.value('Message')));
  }
}

export class WriteVerbose extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(WriteVerbose, () => ({
      name: 'Write-Verbose',
      synopsis: 'Writes a verbose message.',
      description: 'Writes to the verbose stream, shown with -Verbose or $VerbosePreference = "Continue".',
      parameters: [message('The message.')],
      examples: [{ title: 'Explain a step', code: "Write-Verbose 'step 1' -Verbose", remarks: 'Shows VERBOSE: step 1.' }],
    }));
  }

  async invoke(): Promise<void> {
    this.writeVerbose(text(this.value('Message')));
  }
}

export class WriteDebug extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(WriteDebug, () => ({
      name: 'Write-Debug',
      synopsis: 'Writes a debug message.',
      description: 'Writes to the debug stream, shown with -Debug or $DebugPreference = "Continue".',
      parameters: [message('The message.')],
      examples: [{ title: 'Debug detail', code: "Write-Debug 'x=1' -Debug", remarks: 'Shows DEBUG: x=1.' }],
    }));
  }

  async invoke(): Promise<void> {
    this.writeDebug(text(this.value('Message')));
  }
}

export class WriteInformation extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(WriteInformation, () => ({
      name: 'Write-Information',
      synopsis: 'Writes an information message.',
      description: 'Writes to the information stream ($InformationPreference, -InformationAction).',
      parameters: [
        { name: 'MessageData', type: 'object', position: 0, valueFromPipeline: true, help: 'The message.' },
        { name: 'Tags', type: 'string[]', position: 1, help: 'Tags for the record.' },
      ],
      examples: [{ title: 'Inform', code: "Write-Information 'done' -InformationAction Continue", remarks: 'Shows done.' }],
    }));
  }

  async invoke(): Promise<void> {
    this.writeInformation(text(this.value('MessageData')), this.stringArray('Tags') ?? []);
  }
}

const CATEGORIES: readonly ErrorCategory[] = ['NotSpecified', 'InvalidArgument', 'InvalidData', 'InvalidOperation', 'InvalidResult', 'ObjectNotFound', 'OperationStopped', 'OperationTimeout', 'ResourceUnavailable', 'ConnectionError', 'PermissionDenied', 'ReadError', 'WriteError', 'ProtocolError', 'SecurityError', 'LimitsExceeded', 'InvalidType', 'MetadataError', 'SyntaxError', 'NotImplemented', 'ParserError'];

export class WriteError extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(WriteError, () => ({
      name: 'Write-Error',
      synopsis: 'Writes a non-terminating error.',
      description: 'Writes an error record; the script goes on unless -ErrorAction or $ErrorActionPreference is Stop.',
      parameters: [
        message('The error message.'),
        { name: 'ErrorId', type: 'string', help: 'The error id (FullyQualifiedErrorId before the command name).' },
        { name: 'Category', type: 'string', validateSet: CATEGORIES, help: 'The error category.' },
      ],
      examples: [{ title: 'Report a failure', code: "Write-Error 'no session' -ErrorAction SilentlyContinue", remarks: 'Records the error in $Error without showing it.' }],
    }));
  }

  async invoke(): Promise<void> {
    const category = (this.string('Category') ?? 'NotSpecified') as ErrorCategory;
    await this.writeError(new KrError(this.string('ErrorId') ?? 'Microsoft.PowerShell.Commands.WriteErrorException', text(this.value('Message')), { category }));
  }
}
