/**
 * The public edition has no page for an internal entry: a link in a body to
 * one (`[the earlier outage](/incidents/INC-2024-007/)`) becomes its plain
 * text instead of a link to nowhere (which would also say the entry exists).
 */
const ENTRY_LINK = /<a\b[^>]*?\bhref="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g;

/**
 * Replace each link to `{base}incidents/<id>/` or `{base}playbooks/<id>/` whose
 * entry `keep` does not know with a `<span class="kb-unlinked">` of its text.
 */
export function unlinkEntries(html: string, base: string, keep: (collection: 'incidents' | 'playbooks', id: string) => boolean): string {
  if (!html.includes('href=')) return html;
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return html.replace(ENTRY_LINK, (whole, href: string, text: string) => {
    if (!href.startsWith(prefix)) return whole;
    const m = /^(incidents|playbooks)\/([^/?#]+)\/?(?:[?#].*)?$/.exec(href.slice(prefix.length));
    if (!m) return whole;
    let id = m[2];
    try {
      id = decodeURIComponent(id);
    } catch {
      // keep it as written
    }
    return keep(m[1] as 'incidents' | 'playbooks', id) ? whole : `<span class="kb-unlinked">${text}</span>`;
  });
}
