// oidc-provider ships no types; dev-identity-provider.ts describes the few parts it uses.
declare module 'oidc-provider';
