// A forgiving split of shell input into statements and words, for what must work on
// text the parser would reject: a half-typed line (tab completion) and a line whose
// secrets must be masked before it reaches the history file. It follows the tokenizer's
// rules where they matter here (quotes, backtick escapes, `;`/newline between statements,
// `#` and `<# #>` comments, `@{ }` and `@( )` kept whole) and never throws.

export interface Word {
  /** As typed, quotes included. */
  text: string;
  start: number;
  end: number;
}

export interface LexedInput {
  statements: Word[][];
  /** The input ends outside any word (after a blank or a separator): the next word is empty. */
  endsBetweenWords: boolean;
}

const isBlank = (c: string): boolean => c === ' ' || c === '\t';
const isNewline = (c: string): boolean => c === '\n' || c === '\r';
const isSingleQuote = (c: string): boolean => c === "'" || c === '\u2018' || c === '\u2019' || c === '\u201a' || c === '\u201b';
const isDoubleQuote = (c: string): boolean => c === '"' || c === '\u201c' || c === '\u201d' || c === '\u201e';

export function lexInput(text: string): LexedInput {
  const statements: Word[][] = [[]];
  let wordStart = -1;
  let quote: 'single' | 'double' | undefined;
  let depth = 0;
  let i = 0;

  const current = (): Word[] => statements[statements.length - 1];
  const endWord = (end: number): void => {
    if (wordStart >= 0) current().push({ text: text.slice(wordStart, end), start: wordStart, end });
    wordStart = -1;
  };

  while (i < text.length) {
    const c = text[i];
    if (quote === 'single') {
      if (isSingleQuote(c)) {
        if (isSingleQuote(text[i + 1] ?? '')) i++;
        else quote = undefined;
      }
      i++;
      continue;
    }
    if (c === '`') {
      if (wordStart < 0 && !isNewline(text[i + 1] ?? '')) wordStart = i;
      i += 2; // an escaped character (or a line continuation) never ends anything
      continue;
    }
    if (quote === 'double') {
      if (isDoubleQuote(c)) quote = undefined;
      i++;
      continue;
    }
    if (depth === 0 && (isBlank(c) || isNewline(c) || c === ';')) {
      endWord(i);
      if ((isNewline(c) || c === ';') && current().length > 0) statements.push([]);
      i++;
      continue;
    }
    if (wordStart < 0 && c === '#') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
      continue;
    }
    if (wordStart < 0 && c === '<' && text[i + 1] === '#') {
      const end = text.indexOf('#>', i + 2);
      i = end < 0 ? text.length : end + 2;
      continue;
    }
    if (wordStart < 0) wordStart = i;
    if (isSingleQuote(c)) quote = 'single';
    else if (isDoubleQuote(c)) quote = 'double';
    else if ((c === '{' || c === '(') && (depth > 0 || text[i - 1] === '@')) depth++;
    else if ((c === '}' || c === ')') && depth > 0) depth--;
    i++;
  }
  const endsBetweenWords = wordStart < 0;
  endWord(text.length);
  return { statements, endsBetweenWords };
}

/**
 * The words of the statement at the end of `text` (a line up to the cursor); the last one
 * is the word being typed, empty when the text ends between words.
 */
export function wordsAtEnd(text: string): Word[] {
  const { statements, endsBetweenWords } = lexInput(text);
  const words = [...statements[statements.length - 1]];
  if (endsBetweenWords) words.push({ text: '', start: text.length, end: text.length });
  return words;
}
