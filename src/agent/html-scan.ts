// A linear scan of an HTML page into the pieces `--follow` reads: start tags (with their raw
// text, for attributes), end tags and text. Comments are skipped (an unclosed one runs to the
// end of the page, as in HTML), and so are the contents of <script>, <style>, <template> and
// <noscript> up to their end tag. Every search starts where the previous piece ended, so the
// whole scan is one pass over the page whatever it holds: the regex scanner it replaces went
// quadratic on a page of repeated `<form` or `<!--` (800 KB took a minute). A signal is
// checked as it goes, so --timeout and Ctrl+C stop it too.

export type HtmlPiece =
  | { kind: 'start'; name: string; text: string; start: number }
  | { kind: 'end'; name: string; start: number }
  | { kind: 'text'; text: string };

/** Elements whose content is not markup a user agent without scripts would show. */
export const RAW_TEXT_ELEMENTS = new Set(['script', 'style', 'template', 'noscript']);

const NAME_CHAR = /[A-Za-z0-9-]/;
/** How often (in pieces) the scan looks at the signal: often enough to stop within a millisecond. */
const SIGNAL_EVERY = 1024;

/** Where a start tag that began at `from` ends (just past its `>`), quotes respected; -1 when it never ends. */
function tagEnd(html: string, from: number): number {
  let i = from;
  for (;;) {
    const gt = html.indexOf('>', i);
    if (gt === -1) return -1;
    // a quote opened before that '>' (in an attribute value) hides it: skip to the quote's end
    let quote = -1;
    let q = i;
    for (; q < gt; q++) {
      const c = html.charCodeAt(q);
      if (c === 0x22 || c === 0x27) {
        quote = q;
        break;
      }
    }
    if (quote === -1) return gt + 1;
    const close = html.indexOf(html.charAt(quote), quote + 1);
    if (close === -1) return -1;
    i = close + 1;
  }
}

/**
 * The page's pieces in order. `skip` lists elements whose content is dropped (defaults to
 * RAW_TEXT_ELEMENTS). Throws the signal's reason when it is aborted mid-scan.
 */
export function scanHtml(html: string, options: { skip?: ReadonlySet<string>; signal?: AbortSignal } = {}): HtmlPiece[] {
  const skip = options.skip ?? RAW_TEXT_ELEMENTS;
  const lower = html.toLowerCase();
  const pieces: HtmlPiece[] = [];
  let i = 0;
  let textStart = 0;
  const flushText = (end: number) => {
    if (end > textStart) pieces.push({ kind: 'text', text: html.slice(textStart, end) });
  };
  while (i < html.length) {
    if (options.signal !== undefined && pieces.length % SIGNAL_EVERY === 0 && options.signal.aborted) throw options.signal.reason;
    const lt = html.indexOf('<', i);
    if (lt === -1) break;
    if (html.startsWith('<!--', lt)) {
      flushText(lt);
      const close = html.indexOf('-->', lt + 4);
      i = textStart = close === -1 ? html.length : close + 3;
      continue;
    }
    const closing = html.charAt(lt + 1) === '/';
    let j = lt + (closing ? 2 : 1);
    while (j < html.length && NAME_CHAR.test(html.charAt(j))) j++;
    const name = lower.slice(lt + (closing ? 2 : 1), j);
    if (name === '' || !/^[a-z]/.test(name)) {
      // `<` that starts no tag (`a < b`, `<!DOCTYPE>`, `<?xml`) is text; `<!...>` and `<?...>` are skipped
      if (html.charAt(lt + 1) === '!' || html.charAt(lt + 1) === '?') {
        flushText(lt);
        const gt = html.indexOf('>', lt);
        i = textStart = gt === -1 ? html.length : gt + 1;
      } else {
        i = lt + 1;
      }
      continue;
    }
    const end = closing ? html.indexOf('>', j) + 1 : tagEnd(html, j);
    if (end <= 0) {
      // a tag that never ends is no tag; nothing after it can be one either
      break;
    }
    flushText(lt);
    if (closing) {
      pieces.push({ kind: 'end', name, start: lt });
      i = textStart = end;
      continue;
    }
    pieces.push({ kind: 'start', name, text: html.slice(lt, end), start: lt });
    i = textStart = end;
    if (skip.has(name)) {
      const close = lower.indexOf(`</${name}`, end);
      if (close === -1) {
        i = textStart = html.length;
      } else {
        const gt = html.indexOf('>', close);
        i = textStart = gt === -1 ? html.length : gt + 1;
        pieces.push({ kind: 'end', name, start: close });
      }
    }
  }
  flushText(html.length);
  return pieces;
}
