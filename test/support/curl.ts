// Runs the real curl binary against loopback, with cookie jars (-b to send, -c to write).

import { execFile } from 'node:child_process';

export interface CurlOptions {
  /** Jar to read cookies from (`-b`). */
  cookiesFrom?: string;
  /** Jar to write cookies to after the request (`-c`). */
  cookiesTo?: string;
  method?: string;
  /** `host:port:address` entries for `--resolve`, to reach the server under a real-looking name. */
  resolve?: string[];
  extraArgs?: string[];
}

export interface CurlResult {
  status: number;
  body: string;
  /** Set-Cookie lines of the response, as received. */
  setCookies: string[];
}

const STATUS_MARK = '\n__kr_curl_status__:';

/** Plain curl invocation; rejects with curl's exit code and stderr on failure. */
export function runCurl(args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // -q: ignore ~/.curlrc; --noproxy: loopback traffic must never go to a proxy
    execFile('curl', ['-q', '--noproxy', '*', '--silent', '--show-error', ...args], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`curl failed (${String(error.code)}): ${stderr.trim()}`));
      else resolve({ stdout, stderr });
    });
  });
}

export async function curl(url: string, options: CurlOptions = {}): Promise<CurlResult> {
  const args: string[] = ['--include', '--write-out', `${STATUS_MARK}%{http_code}`];
  if (options.cookiesFrom !== undefined) args.push('--cookie', options.cookiesFrom);
  if (options.cookiesTo !== undefined) args.push('--cookie-jar', options.cookiesTo);
  if (options.method !== undefined) args.push('--request', options.method);
  for (const entry of options.resolve ?? []) args.push('--resolve', entry);
  args.push(...(options.extraArgs ?? []), url);
  const { stdout } = await runCurl(args);
  const mark = stdout.lastIndexOf(STATUS_MARK);
  const response = stdout.slice(0, mark);
  const headerEnd = response.indexOf('\r\n\r\n');
  const head = headerEnd === -1 ? response : response.slice(0, headerEnd);
  return {
    status: Number(stdout.slice(mark + STATUS_MARK.length)),
    body: headerEnd === -1 ? '' : response.slice(headerEnd + 4),
    setCookies: head
      .split('\r\n')
      .filter((line) => /^set-cookie:/i.test(line))
      .map((line) => line.slice(line.indexOf(':') + 1).trim()),
  };
}
