// Why `--follow` stopped before the chain finished. The ids are kr's API (tests and CI
// scripts assert them); every one exits 1 except an interruption (130). Messages carry
// redacted URLs only, never a cookie value, a token or a form field's value.

import { ExitCode, KrError } from '../params/errors.js';

export const FollowErrors = {
  requestFailed: (method: string, url: string, cause: string) =>
    new KrError('FollowRequestFailed', `--follow: ${method} ${url} failed: ${cause}.`, {
      category: 'ConnectionError',
    }),

  timeout: (method: string, url: string, seconds: number) =>
    new KrError('FollowTimeout', `--follow: ${method} ${url} got no complete response within ${seconds} s (--timeout).`, {
      category: 'OperationTimeout',
    }),

  tooManyHops: (maxHops: number, nextUrl: string) =>
    new KrError(
      'FollowTooManyHops',
      `--follow: stopped after ${maxHops} requests (--max-hops) before reaching a final page; the next one would have been ${nextUrl}.`,
      { category: 'InvalidResult' },
    ),

  unsafeLocation: (from: string, location: string) =>
    new KrError(
      'FollowUnsafeLocation',
      `--follow: ${from} sends the user agent to '${location}', which is not an http(s) URL; kr does not follow it.`,
      { category: 'SecurityError' },
    ),

  needsPerson: (url: string, controls: readonly string[]) =>
    new KrError(
      'FollowNeedsPerson',
      `--follow: the sign-out needs a person at ${url} (a form with ${controls.join(', ')}); open it in a browser to finish. What kr learned so far is saved in the jar.`,
      { category: 'OperationStopped' },
    ),

  needsConfirmation: (url: string, button: string) =>
    new KrError(
      'FollowNeedsPerson',
      `--follow: the provider asks a person to confirm the sign-out at ${url} (its '${button}' button). Run the sign-out with -Confirm:$false to let kr press it, or open the page in a browser to finish. What kr learned so far is saved in the jar.`,
      { category: 'OperationStopped' },
    ),

  errorStatus: (method: string, url: string, status: number, pageText: string) =>
    new KrError(
      'FollowErrorStatus',
      `--follow: ${method} ${url} answered ${status}${pageText ? `: ${pageText}` : ''}`,
      { category: 'ProtocolError' },
    ),

  bodyTooLarge: (method: string, url: string, limit: number) =>
    new KrError(
      'FollowBodyTooLarge',
      `--follow: ${method} ${url} answered with a page larger than ${limit} bytes (decoded); kr stopped reading it. Raise the limit with --max-body if the page is really that large.`,
      { category: 'LimitsExceeded' },
    ),

  interrupted: (method: string, url: string) =>
    new KrError('FollowInterrupted', `--follow: interrupted during ${method} ${url}.`, {
      category: 'OperationStopped',
      exitCode: ExitCode.Interrupted,
    }),
};
