// Errors are values with stable ids: the ErrorId is PowerShell's, the message text is
// PowerShell's, and the exit code is kr's contract (README "Exit codes"). Tests and
// embedders assert on `errorId`, so these names are API.

export type ErrorCategory =
  | 'NotSpecified'
  | 'InvalidArgument'
  | 'InvalidData'
  | 'InvalidOperation'
  | 'InvalidResult'
  | 'ObjectNotFound'
  | 'ParserError'
  | 'OperationStopped'
  | 'OperationTimeout'
  | 'ResourceUnavailable'
  | 'ConnectionError'
  | 'PermissionDenied'
  | 'ReadError'
  | 'WriteError'
  | 'ProtocolError'
  | 'SecurityError'
  | 'LimitsExceeded'
  | 'InvalidType'
  | 'MetadataError'
  | 'SyntaxError'
  | 'NotImplemented';

export const ExitCode = {
  Success: 0,
  Failure: 1,
  Usage: 2,
  NeedsConfirmation: 3,
  Interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Where in the input an error points (offsets are into the command text or argv joined by spaces). */
export interface SourcePosition {
  start: number;
  end: number;
  line?: number;
  column?: number;
  file?: string;
}

export interface KrErrorInit {
  category?: ErrorCategory;
  exitCode?: number;
  commandName?: string;
  position?: SourcePosition;
  /** The offending token's text, for the marked command line in human output. Never a secret. */
  token?: string;
  cause?: unknown;
}

export class KrError extends Error {
  readonly errorId: string;
  readonly category: ErrorCategory;
  readonly exitCode: number;
  commandName?: string;
  position?: SourcePosition;
  token?: string;

  constructor(errorId: string, message: string, init: KrErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'KrError';
    this.errorId = errorId;
    this.category = init.category ?? 'NotSpecified';
    this.exitCode = init.exitCode ?? ExitCode.Failure;
    this.commandName = init.commandName;
    this.position = init.position;
    this.token = init.token;
  }

  /** PowerShell's FullyQualifiedErrorId: `Id,CommandName` (just `Id` when no command is known). */
  get fullyQualifiedErrorId(): string {
    return this.commandName ? `${this.errorId},${this.commandName}` : this.errorId;
  }

  /** A copy attributed to a command (binding errors are raised before the binder knows it). */
  withCommand(commandName: string): KrError {
    this.commandName ??= commandName;
    return this;
  }

  toRecord(): ErrorRecord {
    return { errorId: this.fullyQualifiedErrorId, category: this.category, message: this.message };
  }
}

/** The JSON shape of an error in `--json` output and invocation results. */
export interface ErrorRecord {
  errorId: string;
  category: ErrorCategory;
  message: string;
}

export function isKrError(value: unknown): value is KrError {
  return value instanceof KrError;
}

const usage = (errorId: string, message: string, category: ErrorCategory, init: KrErrorInit = {}) =>
  new KrError(errorId, message, { category, exitCode: ExitCode.Usage, ...init });

/** Parameter binding errors, with PowerShell's exact texts (REFERENCE.md §2). */
export const BindingErrors = {
  namedParameterNotFound: (name: string, init?: KrErrorInit) =>
    usage(
      'NamedParameterNotFound',
      `A parameter cannot be found that matches parameter name '${name}'.`,
      'InvalidArgument',
      init,
    ),
  ambiguousParameter: (name: string, candidates: readonly string[], init?: KrErrorInit) =>
    usage(
      'AmbiguousParameter',
      `Parameter cannot be processed because the parameter name '${name}' is ambiguous. Possible matches include: ${candidates
        .map((c) => `-${c}`)
        .join(' ')}.`,
      'InvalidArgument',
      init,
    ),
  missingArgument: (name: string, typeName: string, init?: KrErrorInit) =>
    usage(
      'MissingArgument',
      `Missing an argument for parameter '${name}'. Specify a parameter of type '${typeName}' and try again.`,
      'InvalidArgument',
      init,
    ),
  positionalParameterNotFound: (arg: string, init?: KrErrorInit) =>
    usage(
      'PositionalParameterNotFound',
      `A positional parameter cannot be found that accepts argument '${arg}'.`,
      'InvalidArgument',
      init,
    ),
  parameterAlreadyBound: (name: string, init?: KrErrorInit) =>
    usage(
      'ParameterAlreadyBound',
      `Cannot bind parameter because parameter '${name}' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, "-parameter value1,value2,value3".`,
      'InvalidArgument',
      init,
    ),
  validateSet: (name: string, value: string, set: readonly string[], init?: KrErrorInit) =>
    usage(
      'ParameterArgumentValidationError',
      `Cannot validate argument on parameter '${name}'. The argument "${value}" does not belong to the set "${set.join(
        ',',
      )}" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.`,
      'InvalidData',
      init,
    ),
  validateVariableName: (name: string, value: string, init?: KrErrorInit) =>
    usage('ParameterArgumentValidationError', `Cannot validate argument on parameter '${name}'. Cannot validate argument '${value}' because it is not a valid variable name.`, 'InvalidData', init),
  validateRangeTooSmall: (name: string, value: string, min: number, init?: KrErrorInit) =>
    usage(
      'ParameterArgumentValidationError',
      `Cannot validate argument on parameter '${name}'. The ${value} argument is less than the minimum allowed range of ${min}. Supply an argument that is greater than or equal to ${min} and then try the command again.`,
      'InvalidData',
      init,
    ),
  validateRangeTooLarge: (name: string, value: string, max: number, init?: KrErrorInit) =>
    usage(
      'ParameterArgumentValidationError',
      `Cannot validate argument on parameter '${name}'. The ${value} argument is greater than the maximum allowed range of ${max}. Supply an argument that is less than or equal to ${max} and then try the command again.`,
      'InvalidData',
      init,
    ),
  /** `detail` is PowerShell's inner message, e.g. `Cannot convert value "x" to type "System.Int32". Error: "..."`. */
  cannotConvert: (name: string, detail: string, init?: KrErrorInit) =>
    usage('CannotConvertArgumentNoMessage', `Cannot bind parameter '${name}'. ${detail}`, 'InvalidArgument', init),
  /** A value of a kind the parameter type never takes (an array for a scalar, a string for a bool): PowerShell's CannotConvertArgument. */
  cannotConvertArgument: (name: string, value: string, typeName: string, detail: string, init?: KrErrorInit) =>
    usage(
      'CannotConvertArgument',
      `Cannot convert '${value}' to the type '${typeName}' required by parameter '${name}'.${detail ? ` ${detail}` : ''}`,
      'InvalidArgument',
      init,
    ),
  inputObjectNotBound: (init?: KrErrorInit) =>
    usage(
      'InputObjectNotBound',
      'The input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input.',
      'InvalidArgument',
      init,
    ),
  nullOrEmpty: (name: string, init?: KrErrorInit) =>
    usage(
      'ParameterArgumentValidationError',
      `Cannot validate argument on parameter '${name}'. The argument is null or empty. Provide an argument that is not null or empty, and then try the command again.`,
      'InvalidData',
      init,
    ),
  /** The value could not be set on the parameter at all ($null for an enum). */
  bindingFailed: (name: string, detail: string, init?: KrErrorInit) =>
    usage('ParameterBindingFailed', `Cannot bind parameter '${name}' to the target. ${detail}`, 'WriteError', init),
  /** An advanced function's typed parameter could not convert the argument (PowerShell's ArgumentTransformationMetadataException). */
  argumentTransformation: (name: string, detail: string, init?: KrErrorInit) =>
    usage('ParameterArgumentTransformationError', `Cannot process argument transformation on parameter '${name}'. ${detail}`, 'InvalidData', init),
  nullNotAllowed: (name: string, init?: KrErrorInit) =>
    usage(
      'ParameterArgumentValidationErrorNullNotAllowed',
      `Cannot bind argument to parameter '${name}' because it is null.`,
      'InvalidData',
      init,
    ),
  /** A mandatory parameter given '' (PowerShell refuses it unless [AllowEmptyString()]). */
  emptyStringNotAllowed: (name: string, init?: KrErrorInit) =>
    usage(
      'ParameterArgumentValidationErrorEmptyStringNotAllowed',
      `Cannot bind argument to parameter '${name}' because it is an empty string.`,
      'InvalidData',
      init,
    ),
  /** A mandatory array parameter given @() (PowerShell refuses it unless [AllowEmptyCollection()]). */
  emptyArrayNotAllowed: (name: string, init?: KrErrorInit) =>
    usage(
      'ParameterArgumentValidationErrorEmptyArrayNotAllowed',
      `Cannot bind argument to parameter '${name}' because it is an empty array.`,
      'InvalidData',
      init,
    ),
  /** PowerShell's ParameterBindingFailed for `-ErrorAction Suspend` and the other *Action parameters. */
  actionPreferenceReserved: (name: string, value: string, init?: KrErrorInit) =>
    usage(
      'ParameterBindingFailed',
      `Cannot bind parameter '${name}' to the target. Exception setting "${name}": "The ${value} ActionPreference value is reserved for future use and is not supported at this time. For more information about preference variables, see the Help topic, "about_Preference_Variables.""`,
      'WriteError',
      init,
    ),
  missingMandatory: (names: readonly string[], init?: KrErrorInit) =>
    usage(
      'MissingMandatoryParameter',
      `Cannot process command because of one or more missing mandatory parameters: ${names.join(' ')}.`,
      'InvalidArgument',
      init,
    ),
  commandNotFound: (name: string, init?: KrErrorInit) =>
    usage(
      'CommandNotFoundException',
      `The term '${name}' is not recognized as a name of a cmdlet, function, script file, or executable program.`,
      'ObjectNotFound',
      init,
    ),
};

/** Parse errors of the PowerShell language subset (category ParserError, exit 2). */
export const ParseErrors = {
  /** A parser error with PowerShell's ErrorId and text (ParserStrings.resx). */
  parse: (errorId: string, message: string, init?: KrErrorInit) => usage(errorId, message, 'ParserError', init),
  /** PowerShell that kr does not run: a named error, never text passed on as an argument. */
  notSupported: (construct: string, init?: KrErrorInit) =>
    new KrError(`NotSupported,${construct}`, `kr does not support ${construct} yet: nothing was run.`, {
      category: 'NotImplemented',
      exitCode: ExitCode.Usage,
      ...init,
    }),
  nestingTooDeep: (limit: number, init?: KrErrorInit) =>
    usage('NestingTooDeep', `The script nests more than ${limit} levels deep; kr stops here rather than run out of stack.`, 'ParserError', init),
  missingEndCurlyBrace: (init?: KrErrorInit) =>
    usage('MissingEndCurlyBrace', `Missing closing '}' in statement block or type definition.`, 'ParserError', init),
  missingEqualsInHashLiteral: (init?: KrErrorInit) =>
    usage('MissingEqualsInHashLiteral', `Missing '=' operator after key in hash literal.`, 'ParserError', init),
  terminatorExpectedAtEndOfString: (quote: string, init?: KrErrorInit) =>
    usage('TerminatorExpectedAtEndOfString', `The string is missing the terminator: ${quote}.`, 'ParserError', init),
  parameterRequiresArgument: (name: string, init?: KrErrorInit) =>
    usage('ParameterRequiresArgument', `Parameter -${name} requires an argument.`, 'ParserError', init),
  duplicateKeyInHashLiteral: (key: string, init?: KrErrorInit) =>
    usage('DuplicateKeyInHashLiteral', `Duplicate keys '${key}' are not allowed in hash literals.`, 'ParserError', init),
  unexpectedToken: (token: string, init?: KrErrorInit) =>
    usage('UnexpectedToken', `Unexpected token '${token}' in expression or statement.`, 'ParserError', init),
  missingExpression: (after: string, init?: KrErrorInit) =>
    usage('ExpectedValueExpression', `You must provide a value expression following the '${after}' operator.`, 'ParserError', init),
  missingExpressionAfterToken: (token: string, init?: KrErrorInit) =>
    usage('MissingExpressionAfterToken', `Missing expression after '${token}'.`, 'ParserError', init),
  missingKeyInHashLiteral: (init?: KrErrorInit) =>
    usage('MissingKeyInHashLiteral', `Missing key before '=' in hash literal.`, 'ParserError', init),
  missingStatementInHashLiteral: (init?: KrErrorInit) =>
    usage('MissingStatementInHashLiteral', `Missing statement after '=' in hash literal.`, 'ParserError', init),
  missingEndParenthesisInSubexpression: (init?: KrErrorInit) =>
    usage('MissingEndParenthesisInSubexpression', `Missing closing ')' in subexpression.`, 'ParserError', init),
  missingEndMultiLineComment: (init?: KrErrorInit) =>
    usage('MissingEndMultiLineComment', `The terminator '#>' is missing from the multiline comment.`, 'ParserError', init),
  endBraceExpectedAtEndOfVariableName: (init?: KrErrorInit) =>
    usage('EndBraceExpectedAtEndOfVariableName', `Missing } at end of variable name.`, 'ParserError', init),
  emptyBracedVariableName: (init?: KrErrorInit) =>
    usage('EmptyBracedVariableName', `Braced variable name cannot be empty.`, 'ParserError', init),
  ampersandNotAllowed: (init?: KrErrorInit) =>
    usage(
      'AmpersandNotAllowed',
      `The ampersand (&) character is not allowed. The & operator is reserved for future use; wrap an ampersand in double quotation marks ("&") to pass it as part of a string.`,
      'ParserError',
      init,
    ),
  invalidUnicodeEscapeSequence: (init?: KrErrorInit) =>
    usage(
      'InvalidUnicodeEscapeSequence',
      "The Unicode escape sequence is not valid. A valid sequence is `u{ followed by one to six hex digits and a closing '}'.",
      'ParserError',
      init,
    ),
  invalidUnicodeEscapeSequenceValue: (init?: KrErrorInit) =>
    usage('InvalidUnicodeEscapeSequenceValue', 'The Unicode escape sequence value is out of range. The maximum value is 0x10FFFF.', 'ParserError', init),
  missingUnicodeEscapeSequenceTerminator: (init?: KrErrorInit) =>
    usage('MissingUnicodeEscapeSequenceTerminator', "The Unicode escape sequence is missing the closing '}'.", 'ParserError', init),
  tooManyDigitsInUnicodeEscapeSequence: (init?: KrErrorInit) =>
    usage(
      'TooManyDigitsInUnicodeEscapeSequence',
      'The Unicode escape sequence contains more than the maximum of six hex digits between braces.',
      'ParserError',
      init,
    ),
};

/** Errors of the runtime (ShouldProcess, hosts). */
export const RuntimeErrors = {
  nonInteractive: (init?: KrErrorInit) =>
    new KrError(
      'HostNonInteractive',
      'kr is in NonInteractive mode. Read and Prompt functionality is not available.',
      { category: 'InvalidOperation', exitCode: ExitCode.NeedsConfirmation, ...init },
    ),
  interrupted: (init?: KrErrorInit) =>
    new KrError('PipelineStopped', 'The pipeline has been stopped.', {
      category: 'OperationStopped',
      exitCode: ExitCode.Interrupted,
      ...init,
    }),
  exitCodeNotInteger: (text: string, reason: string, init?: KrErrorInit) =>
    new KrError(
      'InvalidCastFromStringToInteger',
      `Cannot convert value "${text}" to type "System.Int32". Error: "${reason}"`,
      { category: 'InvalidArgument', exitCode: ExitCode.Failure, ...init },
    ),
  suspendNotSupported: (init?: KrErrorInit) =>
    new KrError('SuspendNotSupported', 'Suspend is not supported: kr has no nested prompt. Answer Y, A, N or L.', {
      category: 'NotImplemented',
      exitCode: ExitCode.Failure,
      ...init,
    }),
};
