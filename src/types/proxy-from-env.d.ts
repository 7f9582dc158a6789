// proxy-from-env 2.x ships no type declarations.
declare module 'proxy-from-env' {
  /** The proxy URL for `url` from HTTP(S)_PROXY and NO_PROXY, or `''` when none applies. */
  export function getProxyForUrl(url: string | URL): string;
}
