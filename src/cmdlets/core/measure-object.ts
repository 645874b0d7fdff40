// Measure-Object (measure): counts the input objects and, with -Sum/-Average/-Maximum/
// -Minimum, computes them over the objects or one of their properties.

import type { CommandDeclaration } from '../../params/metadata.js';
import { psToString, type PsValue } from '../../params/values.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';
import { toNumber } from '../../runtime/operators.js';
import { PsCustomObject, getMember } from '../../runtime/ps-objects.js';

export class MeasureObject extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(MeasureObject, () => ({
      name: 'Measure-Object',
      aliases: ['measure'],
      synopsis: 'Calculates the numeric properties of objects.',
      description: 'Writes one object with Count and, when asked, Sum, Average, Maximum and Minimum.',
      parameters: [
        { name: 'Property', type: 'string', position: 0, help: 'The property to measure.' },
        { name: 'Sum', type: 'switch', help: 'Adds the values.' },
        { name: 'Average', type: 'switch', help: 'Averages the values.' },
        { name: 'Maximum', type: 'switch', help: 'The largest value.' },
        { name: 'Minimum', type: 'switch', help: 'The smallest value.' },
        { name: 'InputObject', type: 'object', valueFromPipeline: true, help: 'The objects to measure.' },
      ],
      examples: [{ title: 'Count and sum', code: '1..4 | Measure-Object -Sum', remarks: 'Count 4, Sum 10.' }],
    }));
  }

  private readonly values: PsValue[] = [];

  async invoke(): Promise<void> {
    if (this.pipelineObject === undefined && !this.isBound('InputObject')) return;
    const item = this.pipelineObject ?? (this.value('InputObject') ?? null);
    const property = this.string('Property');
    this.values.push(property === undefined ? item : getMember(item, property));
  }

  override async endProcessing(): Promise<void> {
    const numbers = () => this.values.filter((v) => v !== null).map((v) => toNumber(v, 'System.Double'));
    const result = new PsCustomObject();
    result.set('Count', this.values.length);
    const n = numbers;
    result.set('Average', this.switch('Average') && this.values.length > 0 ? n().reduce((a, b) => a + b, 0) / n().length : null);
    result.set('Sum', this.switch('Sum') ? n().reduce((a, b) => a + b, 0) : null);
    result.set('Maximum', this.switch('Maximum') && this.values.length > 0 ? Math.max(...n()) : null);
    result.set('Minimum', this.switch('Minimum') && this.values.length > 0 ? Math.min(...n()) : null);
    result.set('Property', this.string('Property') ?? null);
    void psToString;
    this.writeObject(result);
  }
}
