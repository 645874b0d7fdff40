// Embedding kr in a Node program: a runspace with kr's cmdlets plus one of our own,
// preferences, a recording host that answers the Confirm prompt, and results as data.
// Run it after `npm run build`: node examples/embed.mjs
import { Cmdlet, RecordingHost, createRunspace } from 'kr-shell';

// A cmdlet of our own, declared with the same metadata as kr's (binding, help, completion).
class RemoveWidget extends Cmdlet {
  static declaration = {
    name: 'Remove-Widget',
    synopsis: 'Removes a widget.',
    description: 'Removes the named widget from the in-memory store.',
    supportsShouldProcess: true,
    confirmImpact: 'Medium',
    parameters: [
      { name: 'Name', type: 'string', position: 0, mandatory: true, help: 'The widget to remove.' },
      { name: 'Kind', type: 'string', validateSet: ['Small', 'Large'], default: 'Small', help: 'Its size.' },
    ],
  };

  async invoke() {
    const name = this.string('Name');
    if (!(await this.shouldProcess(name, 'Remove'))) return;
    this.writeVerbose(`removing ${name}`);
    this.writeObject({ Removed: name, Kind: this.string('Kind') });
  }
}

// Two runspaces side by side: nothing is shared between them.
const host = new RecordingHost({ answers: ['y'] });
const careful = createRunspace({ host, cmdlets: [RemoveWidget], preferences: { ConfirmPreference: 'Medium' } });
const dryRun = createRunspace({ cmdlets: [RemoveWidget], preferences: { WhatIfPreference: true } });

// A script (statements, variables, preference variables) ...
const removed = await careful.invoke("$VerbosePreference = 'Continue'; $w = 'gear'; Remove-Widget $w -Kind large");
console.log('output:', JSON.stringify(removed.output));
console.log('verbose:', removed.verbose);
console.log('prompted:', host.prompts.length, 'exit:', removed.exitCode);

// ... or one command as argv.
const whatIf = await dryRun.invoke(['Remove-Widget', 'gear']);
console.log('whatIf:', whatIf.whatIf);

// Errors are values with stable ids; $LASTEXITCODE and $? are variables of the runspace.
const failed = await careful.invoke('Remove-Widget -Kind Huge');
console.log('error:', failed.errors[0].errorId, 'exit:', failed.exitCode, 'LASTEXITCODE:', careful.getVariable('LASTEXITCODE'));
console.log('isolated:', dryRun.getVariable('w') === undefined);
