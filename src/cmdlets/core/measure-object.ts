// Measure-Object (measure): counts the input objects and, with -Sum/-Average/-Maximum/
// -Minimum/-StandardDeviation (-AllStats), computes them over the objects or one of their
// properties; with -Line/-Word/-Character it measures text instead.

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
        { name: 'StandardDeviation', type: 'switch', help: 'The sample standard deviation of the values.' },
        { name: 'AllStats', type: 'switch', help: 'All of Sum, Average, Maximum, Minimum and StandardDeviation.' },
        { name: 'Line', type: 'switch', help: 'Counts the lines of text input (a TextMeasureInfo).' },
        { name: 'Word', type: 'switch', help: 'Counts the words of text input.' },
        { name: 'Character', type: 'switch', help: 'Counts the characters of text input.' },
        { name: 'IgnoreWhiteSpace', type: 'switch', help: 'With -Character, white space is not counted.' },
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
    if (this.switch('Line') || this.switch('Word') || this.switch('Character')) {
      // PowerShell's TextMeasureInfo: Lines, Words, Characters of the text input
      const texts = this.values.filter((v) => v !== null).map(psToString);
      const result = new PsCustomObject();
      result.set('Lines', this.switch('Line') ? texts.reduce((n, t) => n + t.split(/\r?\n/).length, 0) : null);
      result.set('Words', this.switch('Word') ? texts.reduce((n, t) => n + t.split(/\s+/).filter((w) => w !== '').length, 0) : null);
      result.set('Characters', this.switch('Character') ? texts.reduce((n, t) => n + (this.switch('IgnoreWhiteSpace') ? t.replace(/\s/g, '') : t).length, 0) : null);
      result.set('Property', this.string('Property') ?? null);
      this.writeObject(result);
      return;
    }
    const all = this.switch('AllStats');
    // numbers only when a statistic is asked for: counting objects converts nothing
    const wanted = all || ['Sum', 'Average', 'Maximum', 'Minimum', 'StandardDeviation'].some((s) => this.switch(s));
    const values = wanted ? this.values.filter((v) => v !== null).map((v) => toNumber(v, 'System.Double')) : [];
    const sum = values.reduce((a, b) => a + b, 0);
    const mean = values.length > 0 ? sum / values.length : 0;
    const result = new PsCustomObject();
    result.set('Count', this.values.length);
    result.set('Average', (all || this.switch('Average')) && values.length > 0 ? mean : null);
    result.set('Sum', all || this.switch('Sum') ? sum : null);
    result.set('Maximum', (all || this.switch('Maximum')) && values.length > 0 ? Math.max(...values) : null);
    result.set('Minimum', (all || this.switch('Minimum')) && values.length > 0 ? Math.min(...values) : null);
    if (all || this.switch('StandardDeviation')) {
      const variance = values.length > 1 ? values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1) : 0;
      result.set('StandardDeviation', Math.sqrt(variance));
    }
    result.set('Property', this.string('Property') ?? null);
    this.writeObject(result);
  }
}
