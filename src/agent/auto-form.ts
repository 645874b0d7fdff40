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
// A third kind, a provider's "Sign out?" confirmation (hidden fields, one yes button), is
// pressed only when the user said beforehand that no one is to be asked (ConfirmForm).

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

/**
 * A provider's "Sign out?" page: hidden fields and submit buttons only, exactly one of which
 * says yes (log out, sign out, confirm). kr presses it only when the user said so beforehand
 * (-Confirm:$false); an account picker (no yes) or anything with a field to fill is a PersonForm.
 */
export interface ConfirmForm {
  kind: 'confirm';
  method: 'GET' | 'POST';
  action: URL;
  /** The hidden fields plus the yes button's own name=value, as a browser submits them. */
  fields: URLSearchParams;
  /** The yes button's label, for messages. */
  button: string;
}

export type PageForm = HiddenForm | PersonForm | ConfirmForm;

/** A button's words that mean "yes, end my session" / "no, keep it". */
const YES = /\b(yes|log\s*-?\s*out|logout|sign\s*-?\s*out|signout|confirm|end\s+session)\b/i;
const NO = /\b(no|not|cancel|stay|keep|back)\b/i;

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
  const submits: { label: string; name?: string; value: string }[] = [];
  let others = 0;
  let asksForPassword = false;
  const consider = (tag: string, tagText: string, inside: boolean, k: number) => {
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
    const isSubmit = (tag === 'button' && type === 'submit') || (tag === 'input' && type === 'submit');
    if (isSubmit && !attributes.has('disabled')) {
      const value = attributes.get('value') ?? '';
      const label = (tag === 'button' ? buttonText(pieces, k) : '') || value || attributes.get('name') || '';
      submits.push({ label, name: attributes.get('name'), value });
    } else others++;
  };
  pieces.forEach((piece, k) => {
    if (piece.kind !== 'start' || !CONTROL_TAGS.has(piece.name)) return;
    const inside = k > formAt && k < closeAt;
    if (inside || id !== undefined) consider(piece.name, piece.text, inside, k);
  });

  let action: URL | undefined;
  try {
    const raw = formAttributes.get('action')?.trim();
    action = new URL(raw ? raw : pageUrl.href, pageUrl);
  } catch {
    action = undefined;
  }
  const method = (formAttributes.get('method') ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET';
  if (action !== undefined && others === 0 && submits.length > 0) {
    const yes = submits.filter((s) => YES.test(`${s.label} ${s.name ?? ''} ${s.value}`) && !NO.test(s.label));
    if (yes.length === 1) {
      const [button] = yes;
      const withButton = new URLSearchParams(fields);
      if (button.name) withButton.append(button.name, button.value);
      return { kind: 'confirm', method, action, fields: withButton, button: button.label };
    }
  }
  if (controls.length > 0 || action === undefined) {
    return { kind: 'needs-person', action, controls: controls.length > 0 ? controls : ['form action'], asksForPassword };
  }
  return { kind: 'auto-submit', method, action, fields };
}

/** The longest a `<meta http-equiv="refresh">` may wait and still count as a redirect (a front-channel logout page's is 0-3 s). */
export const MAX_REFRESH_SECONDS = 10;

/**
 * A `<meta http-equiv="refresh" content="0; url=...">` redirect (front-channel logout pages end
 * with one after their iframes), resolved against the page; undefined when there is none, it
 * waits longer than MAX_REFRESH_SECONDS, or its URL does not parse. The scheme is the caller's to check.
 */
export function metaRefresh(html: string, pageUrl: URL, signal?: AbortSignal): URL | undefined {
  for (const piece of scanHtml(html, { signal })) {
    if (piece.kind !== 'start' || piece.name !== 'meta') continue;
    const attributes = attributesOf(piece.text);
    if (attributes.get('http-equiv')?.toLowerCase() !== 'refresh') continue;
    const match = /^\s*(\d+(?:\.\d*)?)\s*[;,]\s*(?:url\s*=\s*)?(['"]?)(.+?)\2\s*$/i.exec(attributes.get('content') ?? '');
    if (match === null || Number(match[1]) > MAX_REFRESH_SECONDS) return undefined;
    try {
      return new URL(match[3], pageUrl);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The text of the <button> starting at piece k (up to its end tag), collapsed. */
function buttonText(pieces: readonly HtmlPiece[], k: number): string {
  let text = '';
  for (let i = k + 1; i < pieces.length; i++) {
    const piece = pieces[i];
    if (piece.kind === 'end' && piece.name === 'button') break;
    if (piece.kind === 'text') text += piece.text;
  }
  return decodeEntities(text).replace(/\s+/g, ' ').trim();
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
