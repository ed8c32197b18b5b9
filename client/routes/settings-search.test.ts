import { describe, expect, it } from 'vitest';
import { parseSettingsSearch } from './settings-search.ts';

describe('the settings page’s address', () => {
  it('names the section to open at', () => {
    expect(parseSettingsSearch({ section: 'keys' })).toEqual({ section: 'keys' });
    expect(parseSettingsSearch({ section: 'storage' })).toEqual({ section: 'storage' });
    expect(parseSettingsSearch({ section: 'shared-links' })).toEqual({ section: 'shared-links' });
  });

  it('opens at the top for no section, an unknown one, or anything that is not a name', () => {
    for (const search of [{}, { section: 'billing' }, { section: 3 }, { section: ['keys'] }]) {
      expect(parseSettingsSearch(search)).toEqual({});
    }
  });
});
