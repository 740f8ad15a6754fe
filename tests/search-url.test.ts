import { describe, expect, it } from 'vitest';
import { pagefindFilters, parseSearchParams, searchStateToQuery, searchUrl } from '../src/site/search/url.ts';
import { isSearchShortcut } from '../src/site/browser/search-shortcut.ts';

describe('search URL state', () => {
  it('reads the query, repeated and comma-separated filters, and the order', () => {
    const state = parseSearchParams(
      new URLSearchParams('q=+permission+denied+&severity=sev1&severity=SEV2,SEV3&type=Incident&tag=ssh&sort=date:asc&bogus=1'),
    );
    expect(state).toEqual({
      q: 'permission denied',
      filters: { type: ['incident'], severity: ['SEV1', 'SEV2', 'SEV3'], tag: ['ssh'] },
      sort: { key: 'date', direction: 'asc' },
    });
  });
  it('ignores an unknown order and empty values', () => {
    expect(parseSearchParams(new URLSearchParams('sort=title:asc&service=&q='))).toEqual({ q: '', filters: {}, sort: undefined });
    expect(parseSearchParams(new URLSearchParams('sort=date')).sort).toEqual({ key: 'date', direction: 'desc' });
  });
  it('writes a canonical query string that reads back to the same state', () => {
    const state = {
      q: '키페어',
      filters: { year: ['2019'], severity: ['SEV1'] },
      sort: { key: 'date' as const, direction: 'desc' as const },
    };
    const query = searchStateToQuery(state);
    expect(query).toBe('q=%ED%82%A4%ED%8E%98%EC%96%B4&severity=SEV1&year=2019&sort=date%3Adesc');
    expect(parseSearchParams(new URLSearchParams(query))).toEqual(state);
  });
  it('links a saved search, or the bare page', () => {
    expect(searchUrl({ q: 'ssh-agent', filters: { type: ['playbook'] } })).toBe('/search/?q=ssh-agent&type=playbook');
    expect(searchUrl({})).toBe('/search/');
  });
  it('passes only filters with values to Pagefind', () => {
    expect(pagefindFilters({ severity: ['SEV1'], tag: [] })).toEqual({ severity: ['SEV1'] });
  });
});

describe('search shortcut', () => {
  const key = (key: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    target: null,
    ...mods,
  });
  it('is / and Ctrl-K or ⌘-K', () => {
    expect(isSearchShortcut(key('/'))).toBe(true);
    expect(isSearchShortcut(key('k', { ctrlKey: true }))).toBe(true);
    expect(isSearchShortcut(key('K', { metaKey: true }))).toBe(true);
    expect(isSearchShortcut(key('k'))).toBe(false);
    expect(isSearchShortcut(key('k', { ctrlKey: true, altKey: true }))).toBe(false);
    expect(isSearchShortcut(key('/', { ctrlKey: true }))).toBe(false);
  });
});

describe('search shortcut while typing', () => {
  it('leaves / to text fields, but not Ctrl-K', () => {
    const input = { tagName: 'INPUT', type: 'search' } as unknown as EventTarget;
    const checkbox = { tagName: 'INPUT', type: 'checkbox' } as unknown as EventTarget;
    const base = { ctrlKey: false, metaKey: false, altKey: false, shiftKey: false };
    expect(isSearchShortcut({ ...base, key: '/', target: input })).toBe(false);
    expect(isSearchShortcut({ ...base, key: '/', target: checkbox })).toBe(true);
    expect(isSearchShortcut({ ...base, key: 'k', ctrlKey: true, target: input })).toBe(true);
  });
});
