// The one kind of HTML form `--follow` submits on a person's behalf: an auto-submit form
// made only of hidden fields, as OpenID Providers render for form_post responses and for
// logout confirmation with a valid id_token_hint. Anything a person would look at or
// choose (a text box, a password, a button, a select) makes the form a question for a
// person, never something kr answers.
//
// This is a scanner for machine-written pages, not an HTML parser (html-scan.ts, linear in
// the page): comments, <script>, <style> and <template> are dropped; <noscript> is dropped too because kr is a
// script-running browser for this purpose (form_post pages put their "Continue" button
// there for browsers without JavaScript). Controls outside the form that name it with
// `form="<id>"` belong to it (oidc-provider's own logout page puts its buttons there).

import { scanHtml, type HtmlPiece } from './html-scan.js';

export interface HiddenForm {
  kind: 'auto-submit';
  method: 'GET' | 'POST';
  /** The action resolved against the page URL. Its scheme is the caller's to check. */
  action: URL;
  /** The hidden fields, in document order. Values may be secrets (xsrf, code): never print them. */
  fields: URLSearchParams;
}

export interface PersonForm {
  kind: 'needs-person';
  action: URL | undefined;
  /** Which controls need a person, e.g. `input[type=password] "password"`, `button`. */
  controls: string[];
  /** A password field: the page asks the user to sign in (so any session there is over). */
  asksForPassword: boolean;
}

export type PageForm = HiddenForm | PersonForm;

const ENTITIES: Record<string, string> = { quot: '"', apos: "'", lt: '<', gt: '>', amp: '&', nbsp: '\u00a0' };

export function decodeEntities(value: string): string {
  return value.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : Number(body.slice(1));
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** The attributes of one start tag (`<input a="1" b='2' c=3 d>`), names lower-cased. */
export function attributesOf(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const inner = tag.replace(/^<[a-z0-9]+/i, '').replace(/\/?>$/, '');
  for (const match of inner.matchAll(/([^\s"'<>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    const name = match[1].toLowerCase();
    if (!attributes.has(name)) attributes.set(name, decodeEntities(match[2] ?? match[3] ?? match[4] ?? ''));
  }
  return attributes;
}

const CONTROL_TAGS = new Set(['input', 'button', 'select', 'textarea']);

function describeControl(tag: string, attributes: Map<string, string>, type: string): string {
  const name = attributes.get('name');
  const what = tag === 'input' ? `input[type=${type}]` : tag;
  return name ? `${what} "${name}"` : what;
}

/** The first form of a page, classified; undefined when the page has none. Linear in the page (html-scan.ts). */
export function firstForm(html: string, pageUrl: URL, signal?: AbortSignal): PageForm | undefined {
  const pieces = scanHtml(html, { signal });
  const formAt = pieces.findIndex((p) => p.kind === 'start' && p.name === 'form');
  if (formAt === -1) return undefined;
  const form = pieces[formAt] as Extract<HtmlPiece, { kind: 'start' }>;
  let closeAt = pieces.findIndex((p, k) => k > formAt && p.kind === 'end' && p.name === 'form');
  if (closeAt === -1) closeAt = pieces.length;
  const formAttributes = attributesOf(form.text);
  const id = formAttributes.get('id');

  const fields = new URLSearchParams();
  const controls: string[] = [];
  let asksForPassword = false;
  const consider = (tag: string, tagText: string, inside: boolean) => {
    const attributes = attributesOf(tagText);
    // a control elsewhere on the page belongs to this form only when it names it
    if (!inside && (id === undefined || attributes.get('form') !== id)) return;
    if (inside && attributes.has('form') && attributes.get('form') !== id) return;
    const type = (attributes.get('type') ?? (tag === 'button' ? 'submit' : 'text')).toLowerCase();
    if (tag === 'input' && type === 'hidden') {
      const name = attributes.get('name');
      if (name && !attributes.has('disabled')) fields.append(name, attributes.get('value') ?? '');
      return;
    }
    if (tag === 'input' && type === 'password') asksForPassword = true;
    controls.push(describeControl(tag, attributes, type));
  };
  pieces.forEach((piece, k) => {
    if (piece.kind !== 'start' || !CONTROL_TAGS.has(piece.name)) return;
    const inside = k > formAt && k < closeAt;
    if (inside || id !== undefined) consider(piece.name, piece.text, inside);
  });

  let action: URL | undefined;
  try {
    const raw = formAttributes.get('action')?.trim();
    action = new URL(raw ? raw : pageUrl.href, pageUrl);
  } catch {
    action = undefined;
  }
  if (controls.length > 0 || action === undefined) {
    return { kind: 'needs-person', action, controls: controls.length > 0 ? controls : ['form action'], asksForPassword };
  }
  const method = (formAttributes.get('method') ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET';
  return { kind: 'auto-submit', method, action, fields };
}

/** Elements whose text a person does not see as the page's message. */
const NOT_SHOWN = new Set(['script', 'style', 'template', 'head']);

/** Visible text of a page, collapsed, for an error message (e.g. a provider's error page). */
export function pageText(html: string, maxLength = 300, signal?: AbortSignal): string {
  const text = decodeEntities(
    scanHtml(html, { skip: NOT_SHOWN, signal })
      .map((piece) => (piece.kind === 'text' ? piece.text : ' '))
      .join(''),
  )
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
