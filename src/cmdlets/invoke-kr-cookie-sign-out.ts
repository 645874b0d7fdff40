// Invoke-KrCookieSignOut: Kestrun's cmdlet (REFERENCE.md §1) run against a cookie jar.
// The glue, in order: check the parameters (redirect safety) -> ShouldProcess(Scheme,
// 'SignOut') once, before anything changes -> load the config -> open the jar (under its
// lock; read-only for -WhatIf, so the file stays byte-identical) -> runSignOut -> with
// --follow, finish the sign-out over real HTTP (src/agent/follow.ts) on the same locked jar ->
// save the jar (also when following failed: what was learned is kept) -> write one
// SignOutReport. Metadata: sign-out-declaration.ts.

import { homedir } from 'node:os';
import { loadConfig } from '../config/load.js';
import type { SchemeKind } from '../aspnet/authentication.js';
import { followSignOut } from '../agent/follow.js';
import type { FollowOutcome, FollowReport } from '../agent/follow.js';
import type { HttpTraceEntry } from '../aspnet/openid.js';
import { pendingLogoutLanding } from '../agent/signed-out-callback.js';
import { TokenStore, lazyTokenStore, resolveTokenStorePath } from '../aspnet/token-store.js';
import { registerConfiguredSecrets, registerStoredTokens, revealingJar } from './sign-out-secrets.js';
import { openJarReadOnly, resolveJarLocation, withJarSession, type JarLocation } from '../jar/index.js';
import type { JarCookie, JarSession } from '../jar/types.js';
import { probe } from '../agent/probe.js';
import { serverLogout } from '../agent/server-logout.js';
import { ExitCode, KrError } from '../params/errors.js';
import type { CommandDeclaration } from '../params/metadata.js';
import { psToString } from '../params/values.js';
import { Cmdlet } from '../runtime/cmdlet.js';
import { checkRedirectUri } from './redirect-safety.js';
import { invokeKrCookieSignOutDeclaration, OIDC_SCHEME_DEPRECATION } from './sign-out-declaration.js';
import { SignOutReport, redactLocation, stripSetCookieValue, type SignOutReportData } from './sign-out-report.js';
import { redactUrl } from '../aspnet/openid.js';
import { runSignOut, type SignOutOutcome, type SignOutRequest, type SignOutSurroundings } from './sign-out-run.js';
import { describeMiss } from './deletion-misses.js';

/** Past this many, jar warnings are counted rather than listed (a garbage file has a warning a line). */
const MAX_JAR_WARNINGS = 20;

function describeHttp(entry: HttpTraceEntry): string {
  return `HTTP ${entry.method} ${entry.url} -> ${entry.status ?? `failed (${entry.error ?? 'no response'})`}`;
}

export class InvokeKrCookieSignOut extends Cmdlet {
  static override declaration: CommandDeclaration = invokeKrCookieSignOutDeclaration;

  async invoke(): Promise<void> {
    const request = this.request();
    // the configuration is checked before anyone is asked to confirm a sign-out that cannot run
    const around = await this.surroundings();
    if (!(await this.shouldProcess(request.scheme, 'SignOut'))) {
      if (this.whatIfActive) await this.preview(request, around);
      else this.writeVerbose(`Sign-out of '${request.scheme}' declined: nothing changed.`);
      return;
    }
    const location = this.jarLocation();
    // -Verify: the cookies the sign-out request carried, kept in memory only, to replay afterwards
    let sent: readonly JarCookie[] | undefined;
    const outcome = await withJarSession(location.path, async (file) => {
      const jar = revealingJar(file, this.context.secrets, (_url, cookies) => (sent ??= cookies));
      this.warnAboutJar(jar);
      const logout = await this.serverLogout(jar, around);
      const done = await runSignOut(jar, request, around, 'run');
      const probeUrl = this.switch('Verify') ? new URL(around.config?.probePath ?? done.url.pathname, done.url) : undefined;
      const before = probeUrl !== undefined ? await this.replay(probeUrl, sent) : undefined;
      let follow: FollowOutcome | undefined;
      try {
        if (this.context.settings.follow === true) follow = await this.follow(jar, done);
      } finally {
        await jar.save();
      }
      const after = probeUrl !== undefined ? await this.replay(probeUrl, sent) : undefined;
      const verified =
        probeUrl !== undefined && before !== undefined && after !== undefined
          ? { probe: after.url, before: before.status, after: after.status, replayAccepted: after.state === 'Live' }
          : undefined;
      this.report(jar, request, done, false, follow?.report, verified, logout);
      return { done, follow, verified };
    }, this.jarOptions(location));
    if (outcome.verified?.replayAccepted === true) {
      await this.writeError(
        new KrError(
          'SessionStillValid',
          `The app still accepts the old session at ${outcome.verified.probe} (HTTP ${outcome.verified.after}) after the sign-out: it removed the cookie from the jar only, and whoever kept a copy is still signed in. ` +
            "Ending it needs the app's side: its logout endpoint (run with --follow, or -Redirect to the scheme's LogoutPath) or a server-side ticket store (ITicketStore) that the logout clears.",
          { category: 'SecurityError', exitCode: ExitCode.Failure },
        ),
      );
    }
    await this.failOnErrorResponse(outcome.done);
    const followError = outcome.follow?.error;
    if (followError !== undefined) {
      if (followError.exitCode === ExitCode.Interrupted) throw followError;
      await this.writeError(followError);
    }
  }

  /** --follow: kr as the user agent from the simulated response's Location on. */
  private follow(jar: JarSession, done: SignOutOutcome): Promise<FollowOutcome> {
    const { settings, env, signal } = this.context;
    // the same store the OIDC handler recorded its pending logout in
    const tokens = lazyTokenStore(resolveTokenStorePath({ tokens: settings.tokens, env }));
    return followSignOut({
      jar,
      from: done.url,
      location: done.context.response.location,
      maxHops: settings.maxHops,
      timeoutSeconds: settings.timeout,
      maxBodyBytes: settings.maxBody,
      secrets: this.context.secrets,
      signal,
      signedOutCallback: pendingLogoutLanding(tokens),
      // -Confirm:$false said beforehand that no one is to be asked: a provider's "Sign out?" is answered yes
      pressConfirmation: this.isBound('Confirm') && !this.switch('Confirm'),
      onHop: (hop) => this.writeVerbose(`Follow: ${hop.method} ${hop.url} -> ${hop.status ?? 'no response'}`),
    });
  }

  /** A 4xx answer (Kestrun's 400 for -Redirect on an unknown scheme) fails the command: exit 1. */
  private async failOnErrorResponse(outcome: SignOutOutcome): Promise<void> {
    if (outcome.responseText === undefined) return;
    await this.writeError(
      new KrError('AuthenticationSchemeNotFound', outcome.responseText, { category: 'ObjectNotFound', exitCode: ExitCode.Failure }),
    );
  }

  private request(): SignOutRequest {
    const oidcScheme = this.isBound('OidcScheme') ? this.string('OidcScheme') : undefined;
    if (oidcScheme !== undefined) this.writeWarning(OIDC_SCHEME_DEPRECATION);
    // '' (also what $null becomes) is no redirect target: ASP.NET then uses its default, '/'
    const redirectUri = checkRedirectUri(this.string('RedirectUri') || '/', '-RedirectUri');
    const properties = this.hashtable('Properties');
    const redirectItem = properties?.get('.redirect');
    if (redirectItem !== undefined && redirectItem !== null) checkRedirectUri(psToString(redirectItem), "-Properties '.redirect'");
    return {
      scheme: this.string('Scheme') ?? 'Cookies',
      kind: (this.string('AuthKind') ?? 'Cookies') as SchemeKind,
      redirectUri,
      redirectUriBound: this.isBound('RedirectUri'),
      properties,
      redirect: this.switch('Redirect'),
      oidcScheme,
    };
  }

  /** Lines kr could not read are kept byte for byte; the user still hears where they are. */
  private warnAboutJar(jar: JarSession): void {
    const shown = jar.warnings.slice(0, MAX_JAR_WARNINGS);
    for (const w of shown) this.writeWarning(`${jar.path}${w.line > 0 ? `:${w.line}` : ''}: ${w.message}`);
    const more = jar.warnings.length - shown.length;
    if (more > 0) this.writeWarning(`${jar.path}: ${more} more line(s) kr could not read (kept as they are)`);
  }

  private jarLocation(): JarLocation {
    const { settings, env, cwd } = this.context;
    const jar = this.isBound('Jar') ? this.string('Jar') : undefined;
    return resolveJarLocation({ jar: jar || settings.jar, env: { ...env }, home: env.HOME ?? homedir(), cwd });
  }

  /** -OutJar (or --out): where the result goes instead of the jar; relative to the working folder. */
  private jarOptions(location: JarLocation): { from: JarLocation['from']; outPath?: string } {
    const out = this.isBound('OutJar') ? this.string('OutJar') : this.context.settings.out;
    if (out === undefined || out === '') return { from: location.from };
    const { env, cwd } = this.context;
    return { from: location.from, outPath: resolveJarLocation({ jar: out, env: {}, home: env.HOME ?? homedir(), cwd }).path };
  }

  private async surroundings(): Promise<SignOutSurroundings> {
    const { settings, env, cwd } = this.context;
    const config = await loadConfig({ configPath: settings.config, env, cwd });
    const url = (this.isBound('Url') ? this.string('Url') : undefined) || settings.url;
    registerConfiguredSecrets(this.context.secrets, { url, env, config });
    if (this.string('AuthKind') !== 'Cookies' && this.string('AuthKind') !== undefined) {
      // the tokens a sign-out may send (id_token_hint) or revoke; an unreadable store fails later, where it is used
      const store = await TokenStore.open(resolveTokenStorePath({ tokens: settings.tokens, env })).catch(() => undefined);
      if (store !== undefined) registerStoredTokens(this.context.secrets, store);
    }
    return {
      config,
      url,
      env,
      tokens: settings.tokens,
      follow: settings.follow === true,
      trace: (step) => this.writeDebug(step),
      httpTrace: (entry) => this.writeVerbose(describeHttp(entry)),
      note: (text) => this.writeVerbose(text),
    };
  }

  /** -WhatIf: the same sign-out on a read-only jar and a throwaway context; nothing is written. */
  private async preview(request: SignOutRequest, around: SignOutSurroundings): Promise<void> {
    const location = this.jarLocation();
    const jar = revealingJar(await openJarReadOnly(location.path, { from: location.from }), this.context.secrets);
    const out = this.jarOptions(location).outPath;
    if (out !== undefined) this.writeVerbose(`What if: the result would be written to '${out}'; the jar stays as it is.`);
    this.warnAboutJar(jar);
    const outcome = await runSignOut(jar, request, around, 'whatIf');
    if (this.context.settings.follow === true && outcome.location !== undefined) {
      this.writeVerbose(`What if: --follow would go on to ${redactLocation(outcome.location)} over real HTTP.`);
    }
    this.report(jar, request, outcome, true);
    await this.failOnErrorResponse(outcome);
  }

  /** -ServerLogout (or --follow with a configured logoutEndpoint): the app's own logout, with the session, first. */
  private async serverLogout(jar: JarSession, around: SignOutSurroundings): Promise<SignOutReportData['serverLogout']> {
    const config = around.config;
    const wanted = this.switch('ServerLogout') || (this.context.settings.follow === true && config?.logoutEndpoint !== undefined);
    if (!wanted) return undefined;
    if (config?.logoutEndpoint === undefined) {
      throw new KrError('ServerLogoutNotConfigured', "-ServerLogout needs the app's logout endpoint: set \"logoutEndpoint\" (and \"logoutMethod\") in kr.config.json.", {
        category: 'InvalidArgument',
        exitCode: ExitCode.Usage,
      });
    }
    const base = around.url ?? this.context.env.KR_URL ?? config.url;
    if (base === undefined || base === '') {
      throw new KrError('ServerLogoutNeedsUrl', "-ServerLogout needs the app's URL: give --url (or -Url), KR_URL or the config's \"url\".", { category: 'InvalidArgument', exitCode: ExitCode.Usage });
    }
    const result = await serverLogout(
      jar,
      new URL(base),
      {
        path: config.logoutEndpoint,
        method: config.logoutMethod ?? 'GET',
        ...(config.logoutAntiforgeryField ? { antiforgeryField: config.logoutAntiforgeryField } : {}),
        ...(config.logoutAntiforgeryCookie ? { antiforgeryCookie: config.logoutAntiforgeryCookie } : {}),
        ...(config.logoutAntiforgeryHeader ? { antiforgeryHeader: config.logoutAntiforgeryHeader } : {}),
      },
      this.context.signal,
    );
    this.writeVerbose(`Server logout: ${config.logoutMethod ?? 'GET'} ${result.url} -> ${result.status}`);
    return { url: result.url, status: result.status, removed: result.changes.removed.map((c) => ({ name: c.name, domain: c.domain, path: c.path })) };
  }

  /** GET `probeUrl` with the cookies the sign-out request carried (never written anywhere). */
  private replay(probeUrl: URL, cookies: readonly JarCookie[] | undefined) {
    const header = (cookies ?? []).map((c) => `${c.name}=${c.value}`).join('; ');
    return probe(probeUrl, header || undefined, { signal: this.context.signal, timeoutSeconds: this.context.settings.timeout });
  }

  private report(
    jar: JarSession,
    request: SignOutRequest,
    outcome: SignOutOutcome,
    whatIf: boolean,
    follow?: FollowReport,
    verified?: SignOutReportData['verified'],
    logout?: SignOutReportData['serverLogout'],
  ): void {
    const { context, changes, url } = outcome;
    const setCookie = context.response.setCookie.map(stripSetCookieValue);
    for (const line of setCookie) this.writeVerbose(`${whatIf ? 'Would send' : 'Set-Cookie'}: ${line}`);
    for (const miss of outcome.misses) this.writeWarning(describeMiss(miss, outcome.cookieScheme));
    const sessionRequired = request.kind === 'Cookies' && request.oidcScheme === undefined;
    if (sessionRequired && !outcome.authenticated && logout === undefined) {
      // only the built-in default jar may be missing (explicit ones are JarNotFound): say which file that was
      const missing = jar.existed ? '' : ` (kr's default jar '${jar.path}' does not exist; give one with --jar or KR_COOKIE_JAR)`;
      this.writeInformation(
        `Not signed in to '${request.scheme}' on ${url.host}: the jar sends no complete auth cookie to ${url.origin}${url.pathname}${missing}. Nothing was removed.`,
        ['SignOut'],
      );
    }
    const report = new SignOutReport(
      {
        signedOut: outcome.signedOut,
        removed: changes.removed.map((c) => ({ name: c.name, domain: c.domain, path: c.path })),
        kept: jar.count(),
        response: {
          status: context.response.status,
          location: outcome.location === undefined ? null : redactLocation(outcome.location),
          setCookie,
        },
        jar: { path: jar.path, format: jar.format },
        // a password in --url (http://user:pw@host/) is not the report's to show
        url: redactUrl(url),
        ...(whatIf ? { whatIf: true } : {}),
        authenticated: outcome.authenticated,
        ...(outcome.revoked !== undefined ? { revoked: outcome.revoked } : {}),
        ...(follow !== undefined ? { follow } : {}),
        ...(verified !== undefined ? { verified } : {}),
        ...(logout !== undefined ? { serverLogout: logout } : {}),
      },
      { scheme: request.oidcScheme ?? request.scheme, responseText: outcome.responseText, missed: outcome.misses.map((m) => m.name) },
    );
    this.writeObject(report);
  }
}
