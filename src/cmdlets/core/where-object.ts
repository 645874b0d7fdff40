// Where-Object (where, ?): passes on the input objects a script block accepts, or, in the
// simplified syntax, those whose property compares as asked (`Where-Object Name -eq 'x'`,
// `? Enabled`).

import { BindingErrors, KrError } from '../../params/errors.js';
import type { CommandDeclaration, ParameterDeclaration } from '../../params/metadata.js';
import { psToString, type PsValue } from '../../params/values.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';
import type { BinaryOperator } from '../../params/ast.js';
import { unwrap } from '../../runtime/evaluator.js';
import { comparison, isOfType, toBool } from '../../runtime/operators.js';
import { PsType, ScriptBlock, getMember } from '../../runtime/ps-objects.js';

const OPERATORS = ['EQ', 'NE', 'GT', 'GE', 'LT', 'LE', 'Like', 'NotLike', 'Match', 'NotMatch', 'Contains', 'NotContains', 'In', 'NotIn'] as const;
const CASE_FORMS = OPERATORS.map((o) => `C${o}`);

export class WhereObject extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(WhereObject, () => ({
      name: 'Where-Object',
      aliases: ['where', '?'],
      synopsis: 'Selects objects from a collection based on their property values.',
      description:
        'With a script block, passes on each input object for which the block is true ($_ is the object).\n' +
        'With -Property and a comparison switch (-EQ, -Like, -Match, ...; -C forms are case-sensitive) and -Value, compares that property; with -Property alone, passes objects whose property is true.',
      parameters: [
        { name: 'FilterScript', type: 'object', position: 0, help: 'The script block that decides, or (simplified syntax) the property name.' },
        { name: 'Value', type: 'object', position: 1, help: 'The value to compare the property with.' },
        { name: 'Property', type: 'string', help: 'The property to compare.' },
        { name: 'InputObject', type: 'object', valueFromPipeline: true, help: 'The objects to filter.' },
        ...[...OPERATORS, ...CASE_FORMS].map((name): ParameterDeclaration => ({ name, type: 'switch', help: `Compares with -${name.toLowerCase()}.` })),
        { name: 'Is', type: 'switch', help: 'Passes objects whose property is of the -Value type.' },
        { name: 'IsNot', type: 'switch', help: 'Passes objects whose property is not of the -Value type.' },
        { name: 'Not', type: 'switch', help: 'Passes objects whose property is false or absent.' },
      ],
      examples: [
        { title: 'Filter with a script block', code: '1..5 | Where-Object { $_ -gt 3 }', remarks: 'Writes 4 and 5.' },
        { title: 'Simplified syntax', code: "@{ Name = 'a' }, @{ Name = 'b' } | Where-Object Name -eq 'b'", remarks: 'Writes the hashtable whose Name is b.' },
      ],
    }));
  }

  async invoke(): Promise<void> {
    if (this.pipelineObject === undefined && !this.isBound('InputObject')) return;
    const item = this.pipelineObject ?? (this.value('InputObject') ?? null);
    const filter = this.value('FilterScript');
    if (filter instanceof ScriptBlock) {
      if (toBool(unwrap(await this.invokeScriptBlock(filter, item)))) this.writeObject(item);
      return;
    }
    const property = this.string('Property') ?? (filter === undefined || filter === null ? undefined : psToString(filter));
    if (property === undefined) throw BindingErrors.missingMandatory(['FilterScript']);
    const actual = getMember(item, property);
    const chosen = [...OPERATORS, ...CASE_FORMS, 'Is', 'IsNot'].find((name) => this.switch(name));
    if (chosen === undefined) {
      // a -Value with no operator in force (`-GT:$false -Value 25`) is PowerShell's OperatorNotSpecified
      if (this.isBound('Value')) {
        throw new KrError('OperatorNotSpecified', 'The operator is not specified. Specify a comparison operator such as -EQ or -Like with -Value.', { category: 'InvalidOperation', commandName: 'Where-Object' });
      }
      const truthy = toBool(actual);
      if (this.switch('Not') ? !truthy : truthy) this.writeObject(item);
      return;
    }
    if (chosen === 'Is' || chosen === 'IsNot') {
      const type = this.value('Value');
      const isIt = isOfType(actual, type instanceof PsType ? type.fullName : psToString(type ?? null).replace(/^\[|\]$/g, ''));
      if (isIt === (chosen === 'Is')) this.writeObject(item);
      return;
    }
    const caseSensitive = chosen.startsWith('C') && CASE_FORMS.includes(chosen);
    const op = `-${(caseSensitive ? chosen.slice(1) : chosen).toLowerCase()}` as BinaryOperator;
    const expected: PsValue = this.value('Value') ?? null;
    if (toBool(comparison(op, actual, expected, caseSensitive, {}))) this.writeObject(item);
  }
}
