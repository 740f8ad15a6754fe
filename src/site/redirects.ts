/**
 * Redirect pages that keep old links working: `/i/<id>/` for every incident,
 * and every alias under its collection's path. An alias never shadows a real
 * id, and the first claim on a path wins (the rest are reported, not built).
 */

export interface Redirect {
  /** Route parameter value (the alias or id as written). */
  param: string;
  /** Path of the redirect page, with trailing slash. */
  from: string;
  /** Canonical path, with trailing slash. */
  to: string;
}

export interface RedirectSkip {
  alias: string;
  owner: string;
  reason: string;
}

export interface RedirectPlan {
  /** `/i/<id or alias>/` → `/incidents/<id>/` */
  short: Redirect[];
  /** `/incidents/<alias>/` → `/incidents/<id>/` */
  incidents: Redirect[];
  /** `/playbooks/<alias>/` → `/playbooks/<id>/` */
  playbooks: Redirect[];
  skipped: RedirectSkip[];
}

/** One URL path segment that is safe to turn into a folder. */
export function isSafeSegment(s: string): boolean {
  return s.length > 0 && s.length <= 200 && !/[/\\?#%\s]/.test(s) && s !== '.' && s !== '..';
}

interface Aliased {
  id: string;
  aliases?: readonly string[];
}

function aliasRedirects(
  items: readonly Aliased[],
  base: string,
  skipped: RedirectSkip[],
  reserved: ReadonlySet<string> = new Set(),
): Redirect[] {
  const ids = new Set(items.map((i) => i.id));
  const claimed = new Map<string, string>();
  const out: Redirect[] = [];
  for (const item of items) {
    for (const alias of item.aliases ?? []) {
      if (alias === item.id) continue;
      const skip = (reason: string) => skipped.push({ alias, owner: item.id, reason });
      if (!isSafeSegment(alias)) skip('not usable as a URL segment (contains /, ?, #, % or spaces)');
      else if (ids.has(alias)) skip(`is the id of another entry under ${base}`);
      else if (reserved.has(alias)) skip(`clashes with the page ${base}${alias}/`);
      else if (claimed.has(alias)) {
        if (claimed.get(alias) !== item.id) skip(`already an alias of ${claimed.get(alias)}`);
      } else {
        claimed.set(alias, item.id);
        out.push({ param: alias, from: `${base}${alias}/`, to: `${base}${item.id}/` });
      }
    }
  }
  return out;
}

export function planRedirects(
  incidents: readonly Aliased[],
  playbooks: readonly Aliased[],
  reserved: { incidents?: ReadonlySet<string>; playbooks?: ReadonlySet<string> } = {},
): RedirectPlan {
  const skipped: RedirectSkip[] = [];
  const incidentAliases = aliasRedirects(incidents, '/incidents/', skipped, reserved.incidents);
  const playbookAliases = aliasRedirects(playbooks, '/playbooks/', skipped, reserved.playbooks);
  const short: Redirect[] = [
    ...incidents.map((i) => ({ param: i.id, from: `/i/${i.id}/`, to: `/incidents/${i.id}/` })),
    ...incidentAliases.map((r) => ({ param: r.param, from: `/i/${r.param}/`, to: r.to })),
  ];
  return { short, incidents: incidentAliases, playbooks: playbookAliases, skipped };
}

/** `site.repo_edit_url` + the file's path (relative to the repository root, `/`-separated). */
export function editUrl(prefix: string | undefined, relPath: string | undefined): string | undefined {
  if (!prefix || !relPath) return undefined;
  const path = relPath.replace(/\\/g, '/').replace(/^\.?\//, '');
  return `${prefix.replace(/\/+$/, '')}/${path.split('/').map(encodeURIComponent).join('/')}`;
}
