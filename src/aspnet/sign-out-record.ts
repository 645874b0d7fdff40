// What one SignOutAsync did, kept on the HttpContext so the cmdlet can report it
// (names only: cookie values never leave the context).

export interface SignOutRecord {
  scheme: string;
  handlerTypeName: string;
  /** Whether the request carried the scheme's auth cookie (every chunk of it). */
  authenticated: boolean;
  /** Names of the cookies the response deletes, in Set-Cookie order. */
  cookiesDeleted: string[];
  /** Where the handler redirected, if it did. */
  redirectUri?: string;
}
