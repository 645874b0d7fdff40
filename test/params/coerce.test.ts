// Conversion to parameter types, with PowerShell's error ids and texts.

import { coerceArgument, describeArgument, dotNetTypeName } from '../../src/params/coerce.js';
import type { ParameterType } from '../../src/params/metadata.js';
import { Hashtable, type PsValue, type ValueExpr } from '../../src/params/values.js';
import { thrown } from './fixtures.js';

const to = (type: ParameterType, value: PsValue, source?: ValueExpr) => coerceArgument({ name: 'P', type }, value, source);
const failing = (type: ParameterType, value: PsValue) => thrown(() => to(type, value));
const typedNumber = (value: number, text: string): ValueExpr => ({ kind: 'literal', value, text });

describe('string', () => {
  it('takes strings, and numbers and booleans as PowerShell writes them', () => {
    expect(to('string', 'x')).toBe('x');
    expect(to('string', 1.5)).toBe('1.5');
    expect(to('string', 31, typedNumber(31, '0x1F'))).toBe('0x1F');
    expect(to('string', true)).toBe('True');
    expect(to('string', false)).toBe('False');
    expect(to('string', null)).toBeNull();
    expect(to('string', Hashtable.from({ a: 1 }))).toBe('System.Collections.Hashtable');
  });

  it('refuses an array: CannotConvertArgument', () => {
    const error = failing('string', ['a', 'b']);
    expect(error.errorId).toBe('CannotConvertArgument');
    expect(error.message).toBe("Cannot convert 'System.Object[]' to the type 'System.String' required by parameter 'P'. Specified method is not supported.");
  });
});

describe('int', () => {
  it('takes numbers (rounding half to even) and text that reads as a number', () => {
    expect(to('int', 5)).toBe(5);
    expect(to('int', 2.5)).toBe(2);
    expect(to('int', 3.5)).toBe(4);
    expect(to('int', -2.5)).toBe(-2);
    expect(to('int', '42')).toBe(42);
    expect(to('int', ' 0x1F ')).toBe(31);
    expect(to('int', '1e3')).toBe(1000);
    expect(to('int', '2kb')).toBe(2048);
    expect(to('int', '')).toBe(0);
    expect(to('int', true)).toBe(1);
    expect(to('int', null)).toBe(0);
  });

  it('fails text that is not a number, and values out of Int32 range: CannotConvertArgumentNoMessage', () => {
    const error = failing('int', 'abc');
    expect(error.errorId).toBe('CannotConvertArgumentNoMessage');
    expect(error.message).toBe(
      'Cannot bind parameter \'P\'. Cannot convert value "abc" to type "System.Int32". Error: "The input string \'abc\' was not in a correct format."',
    );
    expect(failing('int', '3000000000').message).toBe(
      'Cannot bind parameter \'P\'. Cannot convert value "3000000000" to type "System.Int32". Error: "Value was either too large or too small for an Int32."',
    );
    expect(failing('int', 2 ** 31).message).toContain('Cannot convert value "2147483648" to type "System.Int32"');
    expect(failing('int', Hashtable.from({})).message).toBe(
      'Cannot bind parameter \'P\'. Cannot convert the "System.Collections.Hashtable" value of type "System.Collections.Hashtable" to type "System.Int32".',
    );
    expect(failing('int', [1]).errorId).toBe('CannotConvertArgument');
  });
});

describe('bool and switch', () => {
  it('take booleans and numbers only', () => {
    expect(to('bool', true)).toBe(true);
    expect(to('bool', 0)).toBe(false);
    expect(to('bool', 2)).toBe(true);
    expect(to('bool', 0.5)).toBe(true);
    expect(to('switch', false)).toBe(false);
    expect(to('switch', 0)).toBe(false);
    expect(to('switch', 1)).toBe(true);
  });

  it('refuse text, collections and hashtables: CannotConvertArgument', () => {
    const error = failing('bool', 'true');
    expect(error.errorId).toBe('CannotConvertArgument');
    expect(error.message).toBe("Cannot convert 'System.String' to the type 'System.Boolean' required by parameter 'P'.");
    expect(failing('switch', 'yes').message).toBe(
      "Cannot convert 'System.String' to the type 'System.Management.Automation.SwitchParameter' required by parameter 'P'.",
    );
    expect(failing('bool', [true]).message).toContain("'System.Object[]'");
    expect(failing('bool', Hashtable.from({})).message).toContain("'System.Collections.Hashtable'");
  });

  it('treat $null differently: a bool refuses it, a switch is present', () => {
    const error = failing('bool', null);
    expect(error.errorId).toBe('ParameterArgumentValidationErrorNullNotAllowed');
    expect(error.message).toBe("Cannot bind argument to parameter 'P' because it is null.");
    expect(to('switch', null)).toBe(true);
  });
});

describe('hashtable', () => {
  it('takes a hashtable or $null', () => {
    const table = Hashtable.from({ a: 1 });
    expect(to('hashtable', table)).toBe(table);
    expect(to('hashtable', null)).toBeNull();
  });

  it('fails other values with the value and its .NET type', () => {
    expect(failing('hashtable', 'x').message).toBe(
      'Cannot bind parameter \'P\'. Cannot convert the "x" value of type "System.String" to type "System.Collections.Hashtable".',
    );
    expect(failing('hashtable', 5).message).toContain('the "5" value of type "System.Int32"');
    expect(failing('hashtable', 1.5).message).toContain('the "1.5" value of type "System.Double"');
    expect(failing('hashtable', true).message).toContain('the "True" value of type "System.Boolean"');
    expect(failing('hashtable', ['a']).errorId).toBe('CannotConvertArgument');
  });
});

describe('string[]', () => {
  it('wraps a scalar and converts each element', () => {
    expect(to('string[]', 'a')).toEqual(['a']);
    expect(to('string[]', 5)).toEqual(['5']);
    expect(to('string[]', ['a', 1, true, null, ['x', 'y']])).toEqual(['a', '1', 'True', null, 'x y']);
    expect(to('string[]', null)).toBeNull();
  });

  it('keeps numbers as typed, element by element', () => {
    const source: ValueExpr = { kind: 'array', items: [typedNumber(16, '0x10'), { kind: 'literal', value: 2 }] };
    expect(to('string[]', [16, 2], source)).toEqual(['0x10', '2']);
    expect(to('string[]', 7, typedNumber(7, '007'))).toEqual(['007']);
  });
});

describe('ActionPreference', () => {
  it('matches names case-insensitively and numbers, giving the enum spelling', () => {
    expect(to('ActionPreference', 'stop')).toBe('Stop');
    expect(to('ActionPreference', ' silentlycontinue ')).toBe('SilentlyContinue');
    expect(to('ActionPreference', 2)).toBe('Continue');
    expect(to('ActionPreference', '3')).toBe('Inquire');
    expect(to('ActionPreference', 'Suspend')).toBe('Suspend'); // reserved: refused by validation, not conversion
  });

  it('fails other names with the enumerator list', () => {
    const error = failing('ActionPreference', 'x');
    expect(error.errorId).toBe('CannotConvertArgumentNoMessage');
    expect(error.message).toBe(
      'Cannot bind parameter \'P\'. Cannot convert value "x" to type "System.Management.Automation.ActionPreference". Error: "Unable to match the identifier name x to a valid enumerator name. Specify one of the following enumerator names and try again: SilentlyContinue, Stop, Continue, Inquire, Ignore, Suspend, Break"',
    );
    expect(failing('ActionPreference', 9).message).toBe(
      'Cannot bind parameter \'P\'. Cannot convert value "9" to type "System.Management.Automation.ActionPreference" due to enumeration values that are not valid. Specify one of the following enumeration values and try again. The possible enumeration values are "SilentlyContinue,Stop,Continue,Inquire,Ignore,Suspend,Break".',
    );
    // $null is ParameterBindingFailed, as PowerShell's binder reports it for an enum
    expect(failing('ActionPreference', null)).toMatchObject({
      errorId: 'ParameterBindingFailed',
      message: 'Cannot bind parameter \'P\' to the target. Exception setting "P": "Object reference not set to an instance of an object."',
    });
    expect(failing('ActionPreference', ['Stop']).message).toContain('Cannot convert value "System.Object[]"');
  });
});

describe('object', () => {
  it('takes any value as it is', () => {
    const list = [1, 'a'];
    expect(to('object', list)).toBe(list);
    expect(to('object', null)).toBeNull();
  });
});

describe('secrets and messages', () => {
  it('shows *** for the value of a sensitive parameter', () => {
    const error = thrown(() => coerceArgument({ name: 'Secret', type: 'int', sensitive: true }, 'hunter2'));
    expect(error.message).toBe(
      'Cannot bind parameter \'Secret\'. Cannot convert value "***" to type "System.Int32". Error: "The input string \'***\' was not in a correct format."',
    );
    expect(thrown(() => coerceArgument({ name: 'Secret', type: 'hashtable', sensitive: true }, 'hunter2')).message).not.toContain('hunter2');
  });

  it('passes the position given to it on to the error', () => {
    const position = { start: 3, end: 6 };
    const error = thrown(() => coerceArgument({ name: 'P', type: 'int' }, 'abc', undefined, { position, token: 'abc' }));
    expect(error.position).toEqual(position);
    expect(error.token).toBe('abc');
  });

  it('names .NET types and describes arguments as PowerShell messages do', () => {
    expect([null, 'a', true, 1, 2 ** 40, 1.5, [1], new Hashtable()].map(dotNetTypeName)).toEqual([
      'null',
      'System.String',
      'System.Boolean',
      'System.Int32',
      'System.Int64',
      'System.Double',
      'System.Object[]',
      'System.Collections.Hashtable',
    ]);
    expect(describeArgument(16, typedNumber(16, '0x10'))).toBe('0x10');
    expect(describeArgument(['a'])).toBe('System.Object[]');
    expect(describeArgument(false)).toBe('False');
  });
});
