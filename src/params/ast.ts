// The syntax tree of kr's PowerShell, modelled on System.Management.Automation.Language
// (ScriptBlockAst, NamedBlockAst, PipelineAst, CommandAst, CommandParameterAst,
// CommandExpressionAst, BinaryExpressionAst, ...). Every node has its extent: offsets into the
// parsed text, which the parser's SourceText turns into line and column for messages.
// Pure data: parser.ts builds it, src/runtime/evaluator.ts gives it behaviour.

export interface Extent {
  start: number;
  end: number;
}

interface NodeBase {
  extent: Extent;
}

// ---------------------------------------------------------------------------------------
// Script blocks, parameters, attributes

export interface AttributeAst extends NodeBase {
  kind: 'Attribute';
  typeName: string;
  positional: ExpressionAst[];
  /** `Mandatory` alone is `{ name: 'Mandatory' }` (value $true). */
  named: { name: string; value?: ExpressionAst }[];
}

export interface TypeConstraintAst extends NodeBase {
  kind: 'TypeConstraint';
  typeName: string;
}

export type AttributeBaseAst = AttributeAst | TypeConstraintAst;

export interface ParameterAst extends NodeBase {
  kind: 'Parameter';
  /** Without `$`. */
  name: string;
  attributes: AttributeBaseAst[];
  defaultValue?: ExpressionAst;
}

export interface ParamBlockAst extends NodeBase {
  kind: 'ParamBlock';
  attributes: AttributeBaseAst[];
  parameters: ParameterAst[];
}

export interface NamedBlockAst extends NodeBase {
  kind: 'NamedBlock';
  blockKind: 'begin' | 'process' | 'end';
  statements: StatementAst[];
  /** True for a body without `begin`/`process`/`end`: all of it is the end block. */
  unnamed: boolean;
}

export interface ScriptBlockAst extends NodeBase {
  kind: 'ScriptBlock';
  paramBlock?: ParamBlockAst;
  begin?: NamedBlockAst;
  process?: NamedBlockAst;
  end?: NamedBlockAst;
  /** The comment before (or at the start of) the block, for comment-based help. */
  helpComment?: string;
  /** The source text of the block, as `{ ... }.ToString()` shows it (without the braces). */
  text: string;
}

// ---------------------------------------------------------------------------------------
// Statements

export interface StatementBlockAst extends NodeBase {
  kind: 'StatementBlock';
  statements: StatementAst[];
}

export interface IfStatementAst extends NodeBase {
  kind: 'If';
  clauses: { condition: PipelineBaseAst; body: StatementBlockAst }[];
  elseClause?: StatementBlockAst;
}

export interface WhileStatementAst extends NodeBase {
  kind: 'While';
  label?: string;
  condition: PipelineBaseAst;
  body: StatementBlockAst;
}

export interface DoLoopStatementAst extends NodeBase {
  kind: 'DoWhile' | 'DoUntil';
  label?: string;
  condition: PipelineBaseAst;
  body: StatementBlockAst;
}

export interface ForStatementAst extends NodeBase {
  kind: 'For';
  label?: string;
  initializer?: PipelineBaseAst;
  condition?: PipelineBaseAst;
  iterator?: PipelineBaseAst;
  body: StatementBlockAst;
}

export interface ForEachStatementAst extends NodeBase {
  kind: 'ForEach';
  label?: string;
  variable: VariableExpressionAst;
  iterable: PipelineBaseAst;
  body: StatementBlockAst;
}

export interface SwitchStatementAst extends NodeBase {
  kind: 'Switch';
  label?: string;
  flags: { wildcard: boolean; regex: boolean; exact: boolean; caseSensitive: boolean; file: boolean };
  condition: PipelineBaseAst;
  clauses: { pattern: ExpressionAst; body: StatementBlockAst }[];
  defaultClause?: StatementBlockAst;
}

export interface TryStatementAst extends NodeBase {
  kind: 'Try';
  body: StatementBlockAst;
  catches: { typeNames: string[]; body: StatementBlockAst }[];
  finallyBlock?: StatementBlockAst;
}

export interface FlowStatementAst extends NodeBase {
  kind: 'Throw' | 'Return' | 'Exit' | 'Break' | 'Continue';
  /** The value (throw/return/exit) or the label (break/continue). */
  pipeline?: PipelineBaseAst;
}

export interface FunctionDefinitionAst extends NodeBase {
  kind: 'FunctionDefinition';
  name: string;
  isFilter: boolean;
  /** `function f($a, $b) { }`: parameters written after the name. */
  parameters?: ParameterAst[];
  body: ScriptBlockAst;
}

export interface AssignmentStatementAst extends NodeBase {
  kind: 'Assignment';
  left: ExpressionAst;
  operator: '=' | '+=' | '-=' | '*=' | '/=' | '%=' | '??=';
  right: StatementAst;
}

export type RedirectionAst =
  | { kind: 'FileRedirection'; stream: RedirectionStream; append: boolean; target: ExpressionAst; extent: Extent }
  | { kind: 'MergingRedirection'; from: RedirectionStream; to: RedirectionStream; extent: Extent };

/** '1' output, '2' error, '3' warning, '4' verbose, '5' debug, '6' information, '*' all. */
export type RedirectionStream = '1' | '2' | '3' | '4' | '5' | '6' | '*';

export interface CommandParameterAst extends NodeBase {
  kind: 'CommandParameter';
  /** Without the dash or colon. */
  name: string;
  /** As typed: `-Name` or `-Name:`. */
  text: string;
  /** The value of `-Name:value`. */
  argument?: ExpressionAst;
}

export type CommandElementAst = CommandParameterAst | ExpressionAst;

export interface CommandAst extends NodeBase {
  kind: 'Command';
  invocationOperator?: '&' | '.';
  /** The first element is the command name (a bareword, or any expression after & or .). */
  elements: CommandElementAst[];
  redirections: RedirectionAst[];
}

export interface CommandExpressionAst extends NodeBase {
  kind: 'CommandExpression';
  expression: ExpressionAst;
  redirections: RedirectionAst[];
}

export type PipelineElementAst = CommandAst | CommandExpressionAst;

export interface PipelineAst extends NodeBase {
  kind: 'Pipeline';
  elements: PipelineElementAst[];
}

export interface PipelineChainAst extends NodeBase {
  kind: 'PipelineChain';
  left: PipelineBaseAst;
  operator: '&&' | '||';
  right: PipelineAst;
}

export type PipelineBaseAst = PipelineAst | PipelineChainAst | AssignmentStatementAst;

export type StatementAst =
  | PipelineBaseAst
  | IfStatementAst
  | WhileStatementAst
  | DoLoopStatementAst
  | ForStatementAst
  | ForEachStatementAst
  | SwitchStatementAst
  | TryStatementAst
  | FlowStatementAst
  | FunctionDefinitionAst
  | StatementBlockAst;

// ---------------------------------------------------------------------------------------
// Expressions

export interface ConstantExpressionAst extends NodeBase {
  kind: 'Constant';
  value: number;
  /** The number as typed (`0x1F`, `007`, `1kb`): a [string] parameter receives what was typed. */
  text: string;
}

export interface StringConstantExpressionAst extends NodeBase {
  kind: 'StringConstant';
  value: string;
  stringKind: 'BareWord' | 'SingleQuoted' | 'DoubleQuoted' | 'SingleQuotedHereString' | 'DoubleQuotedHereString';
}

export interface ExpandableStringExpressionAst extends NodeBase {
  kind: 'ExpandableString';
  /** Text and the expressions embedded in it (`$name`, `${name}`, `$(...)`), in order. */
  parts: (string | ExpressionAst)[];
  stringKind: 'BareWord' | 'DoubleQuoted' | 'DoubleQuotedHereString';
}

export interface VariableExpressionAst extends NodeBase {
  kind: 'Variable';
  /** Without `$`/`@`, with any scope or drive (`env:PATH`, `script:x`). */
  name: string;
  splatted: boolean;
}

export interface ParenExpressionAst extends NodeBase {
  kind: 'Paren';
  pipeline: PipelineBaseAst;
}

export interface SubExpressionAst extends NodeBase {
  kind: 'SubExpression' | 'ArrayExpression';
  statements: StatementAst[];
}

export interface ArrayLiteralAst extends NodeBase {
  kind: 'ArrayLiteral';
  elements: ExpressionAst[];
}

export interface HashtableAst extends NodeBase {
  kind: 'Hashtable';
  entries: { key: ExpressionAst; value: StatementAst }[];
}

export interface ScriptBlockExpressionAst extends NodeBase {
  kind: 'ScriptBlockExpression';
  scriptBlock: ScriptBlockAst;
}

export type BinaryOperator =
  | '+' | '-' | '*' | '/' | '%' | '..' | '-f' | '-and' | '-or' | '-xor' | '-band' | '-bor' | '-bxor' | '-shl' | '-shr'
  | '-is' | '-isnot' | '-as' | '-join' | '-split' | '-replace' | '-eq' | '-ne' | '-gt' | '-ge' | '-lt' | '-le'
  | '-like' | '-notlike' | '-match' | '-notmatch' | '-contains' | '-notcontains' | '-in' | '-notin' | '??';

export interface BinaryExpressionAst extends NodeBase {
  kind: 'Binary';
  /** Normalised: lower case, without the `i` prefix; `caseSensitive` for the `-c` forms. */
  operator: BinaryOperator;
  caseSensitive: boolean;
  /** As written (`-cEQ`), for messages. */
  operatorText: string;
  left: ExpressionAst;
  right: ExpressionAst;
}

export type UnaryOperator = '-not' | '!' | '-bnot' | '+' | '-' | '++' | '--' | 'postfix++' | 'postfix--' | '-split' | '-join' | ',';

export interface UnaryExpressionAst extends NodeBase {
  kind: 'Unary';
  operator: UnaryOperator;
  operand: ExpressionAst;
}

export interface TernaryExpressionAst extends NodeBase {
  kind: 'Ternary';
  condition: ExpressionAst;
  ifTrue: ExpressionAst;
  ifFalse: ExpressionAst;
}

export interface ConvertExpressionAst extends NodeBase {
  kind: 'Convert';
  typeName: string;
  operand: ExpressionAst;
}

export interface TypeExpressionAst extends NodeBase {
  kind: 'TypeExpression';
  typeName: string;
}

export interface MemberExpressionAst extends NodeBase {
  kind: 'Member';
  target: ExpressionAst;
  /** A name (StringConstant) or an expression giving one (`$x.$name`, `$x.('a')`). */
  member: ExpressionAst;
  isStatic: boolean;
  nullConditional: boolean;
}

export interface InvokeMemberExpressionAst extends NodeBase {
  kind: 'InvokeMember';
  target: ExpressionAst;
  member: ExpressionAst;
  arguments: ExpressionAst[];
  isStatic: boolean;
  nullConditional: boolean;
}

export interface IndexExpressionAst extends NodeBase {
  kind: 'Index';
  target: ExpressionAst;
  index: ExpressionAst;
  nullConditional: boolean;
}

export type ExpressionAst =
  | ConstantExpressionAst
  | StringConstantExpressionAst
  | ExpandableStringExpressionAst
  | VariableExpressionAst
  | ParenExpressionAst
  | SubExpressionAst
  | ArrayLiteralAst
  | HashtableAst
  | ScriptBlockExpressionAst
  | BinaryExpressionAst
  | UnaryExpressionAst
  | TernaryExpressionAst
  | ConvertExpressionAst
  | TypeExpressionAst
  | MemberExpressionAst
  | InvokeMemberExpressionAst
  | IndexExpressionAst
  | ErrorExpressionAst;

/** Never produced for text kr runs: the parser throws instead. Kept for completeness of the model. */
export interface ErrorExpressionAst extends NodeBase {
  kind: 'Error';
}

export type Ast = StatementAst | ExpressionAst | ScriptBlockAst | NamedBlockAst | ParamBlockAst | ParameterAst | AttributeBaseAst | CommandParameterAst;
