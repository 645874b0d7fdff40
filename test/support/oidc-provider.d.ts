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
    path: string;
    /** The provider's per-request state (entities such as IdTokenHint once validated). */
    oidc: { entities: Record<string, unknown> };
    response: { get(name: string): string };
    remove(name: string): void;
  }

  export type ProviderConfiguration = Record<string, unknown>;

  export class Provider {
    constructor(issuer: string, configuration?: ProviderConfiguration);
    readonly issuer: string;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
    /** A Koa middleware around the provider's own routes. */
    use(middleware: (ctx: ProviderContext, next: () => Promise<void>) => Promise<void>): this;
  }

  export default Provider;
}
