/**
 * The public edition has no page for an internal entry: a link in a body to
 * one (`[the earlier outage](/incidents/INC-2024-007/)`) becomes its plain
 * text instead of a link to nowhere (which would also say the entry exists).
 */
const ENTRY_LINK = /<a\b[^>]*?\bhref="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g;

/** An entry's page, its short link `/i/<id>` or its `index.html`, after the base path. */
const ENTRY_PATH = /^(incidents|playbooks|i)\/([^/?#]+)(?:\/(?:index\.html)?)?(?:[?#].*)?$/;

/**
 * Replace each link to an entry that `keep` does not know (`{base}incidents/<id>/`,
 * `{base}playbooks/<id>/`, `{base}i/<id>`, with or without `index.html`, and the
 * same at the site's own origin `site`) with a `<span class="kb-unlinked">` of its text.
 */
export function unlinkEntries(
  html: string,
  base: string,
  keep: (collection: 'incidents' | 'playbooks', id: string) => boolean,
  site?: string,
): string {
  if (!html.includes('href=')) return html;
  const prefix = base.endsWith('/') ? base : `${base}/`;
  const origin = site ? new URL(site).origin : undefined;
  return html.replace(ENTRY_LINK, (whole, href: string, text: string) => {
    const path = origin && href.startsWith(`${origin}/`) ? href.slice(origin.length) : href;
    if (!path.startsWith(prefix)) return whole;
    const m = ENTRY_PATH.exec(path.slice(prefix.length));
    if (!m) return whole;
    // the lists under /incidents/ and /playbooks/ (kb.ts RESERVED_INCIDENT_PATHS), not entries
    if (m[1] !== 'i' && /^(?:severity|status|year|sort|index(?:\.html)?)$/.test(m[2])) return whole;
    const collection = m[1] === 'playbooks' ? 'playbooks' : 'incidents';
    let id = m[2];
    try {
      id = decodeURIComponent(id);
    } catch {
      // keep it as written
    }
    return keep(collection, id) ? whole : `<span class="kb-unlinked">${text}</span>`;
  });
}
