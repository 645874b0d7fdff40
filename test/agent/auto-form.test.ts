// Which forms --follow submits for a person (hidden fields only) and which it leaves to one,
// on the pages real OpenID Providers render.
import { attributesOf, firstForm, metaRefresh, pageText } from '../../src/agent/auto-form.js';

const PAGE = new URL('http://idp.test/session/end?x=1');

describe('firstForm', () => {
  it("submits oidc-provider's form_post page (hidden fields; the noscript button is for browsers without JavaScript)", () => {
    const form = firstForm(
      `<script>document.addEventListener('DOMContentLoaded', function () { document.forms[0].submit() });</script>
       <form method="post" action="http://app.test/signin-oidc"><input type="hidden" name="code" value="a&amp;b"/>
       <input type="hidden" name="state" value="s"/><noscript><button autofocus type="submit">Continue</button></noscript></form>`,
      PAGE,
    );
    expect(form).toMatchObject({ kind: 'auto-submit', method: 'POST' });
    if (form?.kind !== 'auto-submit') throw new Error('not auto-submit');
    expect(form.action.href).toBe('http://app.test/signin-oidc');
    expect([...form.fields]).toEqual([['code', 'a&b'], ['state', 's']]);
  });

  it("oidc-provider's default logout page is a confirmation: its yes button (outside the form, naming it) is found, with its name=value", () => {
    const form = firstForm(
      `<form id="op.logoutForm" method="post" action="/session/end/confirm"><input type="hidden" name="xsrf" value="x"/></form>
       <button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
       <button type="submit" form="op.logoutForm">No, stay signed in</button>`,
      PAGE,
    );
    expect(form).toMatchObject({ kind: 'confirm', method: 'POST', action: new URL('http://idp.test/session/end/confirm'), button: 'Yes, sign me out' });
    if (form?.kind !== 'confirm') throw new Error('not a confirmation');
    expect([...form.fields]).toEqual([['xsrf', 'x'], ['logout', 'yes']]);
  });

  it("a Keycloak-style single Logout button is a confirmation; an account picker, two yes buttons or a text box are not", () => {
    expect(firstForm('<form method="post" action="/logout-confirm"><input type="hidden" name="session_code" value="c"><input type="submit" name="confirmLogout" value="Logout"></form>', PAGE)).toMatchObject({ kind: 'confirm', button: 'Logout' });
    const picker = '<form method="post" action="/pick"><button name="account" value="a">alice@example.test</button><button name="account" value="b">bob@example.test</button></form>';
    expect(firstForm(picker, PAGE)?.kind).toBe('needs-person');
    expect(firstForm('<form method="post" action="/x"><button name="a">Sign out</button><button name="b">Log out everywhere</button></form>', PAGE)?.kind).toBe('needs-person');
    expect(firstForm('<form method="post" action="/x"><input name="reason"><button>Sign out</button></form>', PAGE)?.kind).toBe('needs-person');
    const login = '<form method="post" action="/login"><input name="login"><input type="password" name="password"><button>Sign in</button></form>';
    expect(firstForm(login, PAGE)).toMatchObject({ kind: 'needs-person', asksForPassword: true });
  });

  it('ignores controls of other forms and commented-out markup; a missing action is the page itself, GET by default', () => {
    const form = firstForm(
      `<!-- <form action="/old"><input name="q"></form> --><form id="a"><input type="hidden" name="k" value="v"><input name="elsewhere" form="b"></form>
       <input type="text" name="other">`,
      PAGE,
    );
    expect(form).toMatchObject({ kind: 'auto-submit', method: 'GET' });
    if (form?.kind !== 'auto-submit') throw new Error('not auto-submit');
    expect(form.action.href).toBe(PAGE.href);
  });

  it('marks a sign-in page (a password field) and a page without a form', () => {
    expect(firstForm('<form method=post><input name=login><input type=password name=password></form>', PAGE)).toMatchObject({
      kind: 'needs-person',
      asksForPassword: true,
      controls: ['input[type=text] "login"', 'input[type=password] "password"'],
    });
    expect(firstForm('<h1>Signed out</h1>', PAGE)).toBeUndefined();
  });
});

describe('helpers', () => {
  it('reads quoted, unquoted and valueless attributes', () => {
    expect([...attributesOf(`<input type=hidden name='a' value="x &quot;y&quot;" disabled>`)]).toEqual([
      ['type', 'hidden'],
      ['name', 'a'],
      ['value', 'x "y"'],
      ['disabled', ''],
    ]);
  });

  it("takes a page's visible text without head, scripts or tags", () => {
    expect(pageText('<html><head><title>t</title><style>p{}</style></head><body><h1>oops!</h1><pre>error: a &amp; b</pre><script>x()</script></body></html>')).toBe('oops! error: a & b');
    expect(pageText('x'.repeat(400)).length).toBe(300);
  });
});

describe('metaRefresh', () => {
  it("a front-channel page's refresh: resolved against the page; a long wait or none is no redirect", () => {
    expect(metaRefresh('<meta http-equiv="refresh" content="0; url=/signout-callback-oidc?state=s">', PAGE)?.href).toBe('http://idp.test/signout-callback-oidc?state=s');
    expect(metaRefresh("<META HTTP-EQUIV='Refresh' CONTENT=\"2;URL='http://app.test/cb'\">", PAGE)?.href).toBe('http://app.test/cb');
    expect(metaRefresh('<meta http-equiv="refresh" content="600; url=/later">', PAGE)).toBeUndefined();
    expect(metaRefresh('<meta http-equiv="refresh" content="5">', PAGE)).toBeUndefined();
    expect(metaRefresh('<meta name="viewport" content="width=device-width">', PAGE)).toBeUndefined();
  });
});
