/**
 * The contract between an incident page, the build and the search page about the
 * archive index (`search.recent_incidents`): an older incident's search metadata
 * element (`PagefindMeta.astro`) carries `ARCHIVE_MARK`; the build middleware sees it
 * (`isArchived`) and the worker writes that page to `<bundle>/ARCHIVE_DIR/`, which the
 * search page loads for older incidents.
 */
export type Tier = 'first' | 'archive';

/** The archive's folder inside the Pagefind bundle. */
export const ARCHIVE_DIR = 'archive';

/** The attribute and value on an older incident's `<div class="kb-search-meta">`. */
export const ARCHIVE_MARK = { name: 'data-kb-index', value: 'archive' } as const;

/**
 * Matched with the element's start, which page text cannot produce (its `<` is escaped);
 * `PagefindMeta.astro` writes the class first, then the mark.
 */
const ARCHIVED = new RegExp(`<div class="kb-search-meta" ${ARCHIVE_MARK.name}="${ARCHIVE_MARK.value}"`);

export function isArchived(html: string): boolean {
  return ARCHIVED.test(html);
}
