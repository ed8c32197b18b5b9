import { describe, expect, it } from 'vitest';
import { toAuthProviders } from './use-auth-providers.ts';

describe('the social sign-ins the server offers', () => {
  it('reads both flags from the server’s configuration', () => {
    expect(toAuthProviders({ providers: { github: true, google: false }, other: 1 })).toEqual({
      github: true,
      google: false,
    });
  });

  it('offers none for any other answer', () => {
    for (const body of [null, '<html>', {}, { providers: null }, { providers: { github: true } }]) {
      expect(toAuthProviders(body)).toBeNull();
    }
    expect(toAuthProviders({ providers: { github: 'yes', google: false } })).toBeNull();
  });
});
