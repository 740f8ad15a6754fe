/**
 * Keyboard shortcuts for search: `/` (when not typing somewhere) and Ctrl-K / ⌘-K
 * (always) focus the search field: the search page's own field if the page has one,
 * else the header box. The text already in it is selected, ready to be replaced.
 */

/** The field to focus: the search page's input first, then the header box. */
export function searchInput(doc: Document): HTMLInputElement | null {
  return (
    doc.querySelector<HTMLInputElement>('[data-kb-search-page] input[data-kb-q]') ??
    doc.querySelector<HTMLInputElement>('input[data-kb-search-input]')
  );
}

export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as Partial<HTMLInputElement> | null;
  if (!el || typeof el.tagName !== 'string') return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = el.type ?? 'text';
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
}

/** True for the key presses that should focus the search field. */
export function isSearchShortcut(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'target'>): boolean {
  if (event.altKey) return false;
  if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'k') return true;
  return event.key === '/' && !event.ctrlKey && !event.metaKey && !isTypingTarget(event.target);
}

export function installSearchShortcut(doc: Document): void {
  const w = doc.defaultView as (Window & { __kbSearchShortcut?: boolean }) | null;
  if (!w || w.__kbSearchShortcut) return;
  w.__kbSearchShortcut = true;
  doc.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.isComposing || !isSearchShortcut(event)) return;
    const input = searchInput(doc);
    if (!input) return;
    event.preventDefault();
    input.focus();
    input.select();
  });
}
