// oidc-provider ships no type declarations. This is the small surface the test harness
// (test/support/idp.ts) uses; the configuration stays a loose record because the
// provider validates it itself at construction time.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface ProviderContext {
    body: unknown;
    type: string;
    host: string;
    status: number;
  }

  export type ProviderConfiguration = Record<string, unknown>;

  export class Provider {
    constructor(issuer: string, configuration?: ProviderConfiguration);
    readonly issuer: string;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export default Provider;
}
