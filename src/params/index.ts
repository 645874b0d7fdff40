// The public API of params: the language of a command line (tokens, values), the
// cmdlet metadata, binding, conversion and the errors they raise. Pure: no I/O.

export * from './errors.js';
export * from './metadata.js';
export {
  Hashtable,
  evaluate,
  constantValue,
  formatNumber,
  formatPsLiteral,
  psToString,
  toJsonValue,
  parseNumber,
  type ArrayExpr,
  type ExpandableStringExpr,
  type HashtableEntry,
  type HashtableExpr,
  type JsonValue,
  type LiteralExpr,
  type PsValue,
  type StringPart,
  type ValueExpr,
  type VariableExpr,
  type VariableLookup,
} from './values.js';
export {
  argvToCommand,
  parseScript,
  type ArgumentToken,
  type AssignmentStatement,
  type CommandElement,
  type CommandStatement,
  type ParameterToken,
  type Statement,
} from './tokenizer.js';
export {
  bindArguments,
  matchParameter,
  BIND_STAGES,
  type BindOptions,
  type BindStage,
  type BindState,
  type BindTraceEntry,
  type Binding,
  type BoundArgument,
  type Stage,
  type StageContext,
  type StageResult,
} from './binder.js';
export { coerceArgument, describeArgument, dotNetTypeName } from './coerce.js';
