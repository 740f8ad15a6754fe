/**
 * `links/*`: ids are unique, frontmatter references and internal markdown
 * links resolve (pages and `#section` anchors), and links agree both ways.
 * Runs over the whole content root, whatever subset is being reported.
 */
import { dirname, resolve } from 'node:path';
import type { Nodes, Root } from 'mdast';
import { toString as nodeText } from 'mdast-util-to-string';
import GithubSlugger from 'github-slugger';
import { frontmatterAnchors } from '../../core/completeness.ts';
import type { ContentFile } from '../../core/content.ts';
import type { SectionSlice } from '../../core/markdown/extract.ts';
import type { CorpusContext, LinkFacts, Loc, Rule } from '../types.ts';

interface Owner {
  file: LinkFacts;
  field: 'id' | 'aliases';
  at: Loc;
  /** The name as written (owners are grouped case-insensitively). */
  name?: string;
}

type Target =
  | { kind: 'incident' | 'playbook'; id: string; fragment?: string }
  | { kind: 'file'; path: string; fragment?: string }
  | { kind: 'self'; fragment: string };

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const strList = (v: unknown): (string | undefined)[] => (Array.isArray(v) ? v.map(str) : []);

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Where an internal link points, or undefined for external and non-content links. */
export function linkTarget(url: string, fromPath: string, baseUrl?: string): Target | undefined {
  let u = url.trim();
  if (baseUrl) {
    const base = baseUrl.replace(/\/+$/, '');
    if (u.startsWith(`${base}/`)) u = u.slice(base.length);
  }
  const hash = u.indexOf('#');
  const fragment = hash >= 0 ? decode(u.slice(hash + 1)) : undefined;
  const path = (hash >= 0 ? u.slice(0, hash) : u).replace(/\?.*$/, '');
  if (!path) return fragment ? { kind: 'self', fragment } : undefined;
  const page = path.match(/^\/(incidents|playbooks|i)\/([^/]+)\/?$/);
  if (page) return { kind: page[1] === 'playbooks' ? 'playbook' : 'incident', id: decode(page[2]), fragment };
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(path) || path.startsWith('/')) return undefined;
  if (/\.mdx?$/i.test(path)) return { kind: 'file', path: resolve(dirname(fromPath), decode(path)), fragment };
  return undefined;
}

/** Every anchor a page has: canonical section ids, then github-slugger slugs of all headings. */
export function anchorsOf(tree: Root, sectionIds: string[]): Set<string> {
  const anchors = new Set(sectionIds);
  const slugger = new GithubSlugger();
  const walk = (node: Nodes) => {
    if (node.type === 'heading') anchors.add(slugger.slug(nodeText(node)));
    else if ('children' in node) for (const c of node.children as Nodes[]) walk(c);
  };
  walk(tree);
  return anchors;
}

/**
 * What the cross-file rules need to know about one file, small enough to keep
 * for 10,000 files and to pass between worker threads (the tree is dropped).
 */
export function linkFacts(file: ContentFile, sections: SectionSlice[]): LinkFacts {
  const fm = file.parsed.frontmatter;
  const locate = file.parsed.locate;
  const named = (list: unknown, path: (i: number) => PropertyKey[]) =>
    strList(list).flatMap((name, i) => (name ? [{ name, at: locate(path(i)) }] : []));
  const missing = Array.isArray(fm?.playbooks_missing) ? fm.playbooks_missing : [];
  const links: LinkFacts['links'] = [];
  // One walk for the links and for the anchors (`anchorsOf`: section ids, then heading slugs in order).
  const anchors = new Set(sections.map((s) => s.id));
  // Facts the page renders from frontmatter keep their canonical anchor (#lessons, #action-items) without a body section.
  if (fm) for (const id of frontmatterAnchors(file.kind, fm)) anchors.add(id);
  const slugger = new GithubSlugger();
  const visit = (node: Nodes) => {
    if (node.type === 'heading') anchors.add(slugger.slug(nodeText(node)));
    if ((node.type === 'link' || node.type === 'definition') && node.url && !/^[a-z][a-z0-9+.-]*:(?!\/\/)|^mailto:/i.test(node.url)) {
      links.push({ url: node.url, line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 });
    }
    if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
  };
  visit(file.parsed.tree);
  return {
    path: file.path,
    relPath: file.relPath,
    kind: file.kind,
    hasFrontmatter: Boolean(fm),
    id: str(fm?.id),
    idAt: locate(['id']),
    aliases: named(fm?.aliases, (i) => ['aliases', i]),
    playbooks: file.kind === 'incident' ? named(fm?.playbooks, (i) => ['playbooks', i]) : [],
    playbooksMissing:
      file.kind === 'incident'
        ? missing.flatMap((m: unknown, i: number) => {
            const name = m && typeof m === 'object' ? str((m as Record<string, unknown>).playbook) : undefined;
            return name ? [{ name, at: locate(['playbooks_missing', i, 'playbook']) }] : [];
          })
        : [],
    related: file.kind === 'incident' ? named(fm?.related, (i) => ['related', i]) : [],
    anchors: [...anchors],
    sections: sections.filter((s) => s.known).map((s) => s.id),
    links,
  };
}

export const linksRule: Rule = {
  docs: [
    { id: 'links/duplicate-id', level: 'error', doc: 'An id or alias is used by more than one file under the content root.' },
    { id: 'links/playbook', level: 'error', doc: '`playbooks` or `playbooks_missing[].playbook` names a playbook that does not exist.' },
    { id: 'links/related', level: 'error', doc: '`related` names an incident that does not exist, or the incident itself.' },
    {
      id: 'links/internal',
      level: 'error',
      doc: 'A markdown link to /incidents/<id>/, /playbooks/<id>/, /i/<id> or a relative .md file points at nothing.',
    },
    { id: 'links/anchor', level: 'error', doc: 'A `#section` anchor in a link does not exist on the target page.' },
    {
      id: 'links/reciprocal',
      level: 'warn',
      doc: "A body link between an incident and a playbook is not declared in the incident's `playbooks`, so the two pages disagree.",
    },
  ],
  checkCorpus(ctx: CorpusContext) {
    const owners = new Map<string, Owner[]>();
    const incidents = new Map<string, LinkFacts>();
    const playbooks = new Map<string, LinkFacts>();
    const byPath = new Map<string, LinkFacts>();
    for (const file of ctx.files) {
      byPath.set(file.path, file);
      const names: [string | undefined, Owner][] = [
        [file.id, { file, field: 'id', at: file.idAt }],
        ...file.aliases.map((a): [string, Owner] => [a.name, { file, field: 'aliases', at: a.at }]),
      ];
      const seenHere = new Set<string>();
      for (const [name, owner] of names) {
        if (!name || seenHere.has(name.toLowerCase())) continue;
        seenHere.add(name.toLowerCase());
        // Ids and aliases become folder names: `INC-1` and `inc-1` are one folder on macOS and Windows.
        const list = owners.get(name.toLowerCase()) ?? [];
        list.push({ ...owner, name });
        owners.set(name.toLowerCase(), list);
        const map = file.kind === 'incident' ? incidents : playbooks;
        if (!map.has(name)) map.set(name, file);
      }
    }
    for (const list of owners.values()) {
      if (list.length < 2) continue;
      for (const o of list) {
        if (!ctx.reported(o.file)) continue;
        const others = list
          .filter((x) => x !== o)
          .map(
            (x) =>
              `${x.file.relPath} (${x.field === 'id' ? 'its id' : 'an alias'}${x.name !== o.name ? ` \`${x.name}\`, which differs only in case` : ''})`,
          );
        const caseOnly = list.some((x) => x.name !== o.name);
        ctx.report(o.file, {
          ruleId: 'links/duplicate-id',
          ...o.at,
          message: `\`${o.name}\` is also used by ${others.join(', ')}; ids and aliases must be unique across the content root${caseOnly ? ' (ignoring case: they become the same folder on macOS and Windows)' : ''}`,
        });
      }
    }

    const canonical = (map: Map<string, LinkFacts>, name: string) => {
      const f = map.get(name);
      return f ? (f.id ?? name) : undefined;
    };
    const declaredBy = (incident: LinkFacts) =>
      new Set([...incident.playbooks, ...incident.playbooksMissing].map((p) => canonical(playbooks, p.name) ?? p.name));

    for (const file of ctx.files) {
      if (!ctx.reported(file)) continue;
      for (const p of file.playbooks) {
        if (!playbooks.has(p.name))
          ctx.report(file, {
            ruleId: 'links/playbook',
            ...p.at,
            message: `playbook \`${p.name}\` does not exist; use the id of a file under playbooks/ (or create it with npm run new-playbook)`,
          });
      }
      for (const p of file.playbooksMissing) {
        if (!playbooks.has(p.name))
          ctx.report(file, {
            ruleId: 'links/playbook',
            ...p.at,
            message: `playbook \`${p.name}\` does not exist; name an existing playbook, or leave \`playbook\` out and describe what is missing in \`note\``,
          });
      }
      for (const r of file.related) {
        const target = incidents.get(r.name);
        if (!target) ctx.report(file, { ruleId: 'links/related', ...r.at, message: `related incident \`${r.name}\` does not exist` });
        else if (target === file)
          ctx.report(file, { ruleId: 'links/related', ...r.at, message: `an incident cannot be related to itself (\`${r.name}\`)` });
      }
      for (const link of file.links) {
        const target = linkTarget(link.url, file.path, ctx.config.site.base_url);
        if (!target) continue;
        const at = { line: link.line, column: link.column };
        let page: LinkFacts | undefined;
        if (target.kind === 'self') page = file;
        else if (target.kind === 'file') {
          page = byPath.get(target.path);
          if (!page)
            ctx.report(file, {
              ruleId: 'links/internal',
              ...at,
              message: `link to \`${link.url}\`: no such content file under the content root`,
            });
        } else {
          page = (target.kind === 'incident' ? incidents : playbooks).get(target.id);
          if (!page)
            ctx.report(file, {
              ruleId: 'links/internal',
              ...at,
              message: `link to \`${link.url}\`: there is no ${target.kind} \`${target.id}\``,
            });
        }
        if (page && target.fragment && !page.anchors.includes(target.fragment)) {
          const known = page.sections.map((s) => `#${s}`);
          ctx.report(file, {
            ruleId: 'links/anchor',
            ...at,
            message: `link to \`${link.url}\`: ${page === file ? 'this page' : page.relPath} has no anchor \`#${target.fragment}\`${known.length ? `; its sections are ${known.join(', ')}` : ''}`,
          });
        }
        if (page && page !== file && page.kind !== file.kind && file.hasFrontmatter && page.hasFrontmatter) {
          const [incident, playbook] = file.kind === 'incident' ? [file, page] : [page, file];
          const pid = playbook.id;
          if (pid && !declaredBy(incident).has(pid)) {
            ctx.report(file, {
              ruleId: 'links/reciprocal',
              ...at,
              message:
                file.kind === 'incident'
                  ? `the body links to playbook \`${pid}\` but \`playbooks:\` does not list it, so its page will not show this incident; add it to \`playbooks\` (or \`playbooks_missing\`)`
                  : `this playbook links to ${incident.id ?? incident.relPath}, whose \`playbooks:\` does not list \`${pid}\`; add it there so both pages agree`,
            });
          }
        }
      }
    }
  },
};
