/**
 * `links/*`: ids are unique, frontmatter references and internal markdown
 * links resolve (pages and `#section` anchors), and links agree both ways.
 * Runs over the whole content root, whatever subset is being reported.
 */
import { dirname, resolve } from 'node:path';
import type { Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import GithubSlugger from 'github-slugger';
import type { ContentFile } from '../../content.ts';
import type { CorpusContext, Rule } from '../types.ts';

interface Owner {
  file: ContentFile;
  field: 'id' | 'aliases';
  index?: number;
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
    if (u.startsWith(base + '/')) u = u.slice(base.length);
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
    if (node.type === 'heading') anchors.add(slugger.slug(toString(node)));
    else if ('children' in node) for (const c of node.children as Nodes[]) walk(c);
  };
  walk(tree);
  return anchors;
}

export const linksRule: Rule = {
  docs: [
    { id: 'links/duplicate-id', level: 'error', doc: 'An id or alias is used by more than one file under the content root.' },
    { id: 'links/playbook', level: 'error', doc: '`playbooks` or `playbooks_missing[].playbook` names a playbook that does not exist.' },
    { id: 'links/related', level: 'error', doc: '`related` names an incident that does not exist, or the incident itself.' },
    { id: 'links/internal', level: 'error', doc: 'A markdown link to /incidents/<id>/, /playbooks/<id>/, /i/<id> or a relative .md file points at nothing.' },
    { id: 'links/anchor', level: 'error', doc: 'A `#section` anchor in a link does not exist on the target page.' },
    { id: 'links/reciprocal', level: 'warn', doc: 'A body link between an incident and a playbook is not declared in the incident\'s `playbooks`, so the two pages disagree.' },
  ],
  checkCorpus(ctx: CorpusContext) {
    const owners = new Map<string, Owner[]>();
    const incidents = new Map<string, ContentFile>();
    const playbooks = new Map<string, ContentFile>();
    const byPath = new Map<string, ContentFile>();
    for (const file of ctx.files) {
      byPath.set(file.path, file);
      const fm = file.parsed.frontmatter;
      const id = str(fm?.id);
      const names: [string | undefined, Owner][] = [[id, { file, field: 'id' }], ...strList(fm?.aliases).map((a, index): [string | undefined, Owner] => [a, { file, field: 'aliases', index }])];
      const seenHere = new Set<string>();
      for (const [name, owner] of names) {
        if (!name || seenHere.has(name)) continue;
        seenHere.add(name);
        const list = owners.get(name) ?? [];
        list.push(owner);
        owners.set(name, list);
        const map = file.kind === 'incident' ? incidents : playbooks;
        if (!map.has(name)) map.set(name, file);
      }
    }
    for (const [name, list] of owners) {
      if (list.length < 2) continue;
      for (const o of list) {
        const others = list.filter((x) => x !== o).map((x) => `${x.file.relPath} (${x.field === 'id' ? 'its id' : 'an alias'})`);
        const at = o.file.parsed.locate(o.field === 'id' ? ['id'] : ['aliases', o.index!]);
        ctx.report(o.file, { ruleId: 'links/duplicate-id', ...at, message: `\`${name}\` is also used by ${others.join(', ')}; ids and aliases must be unique across the content root` });
      }
    }

    const anchorCache = new Map<ContentFile, Set<string>>();
    const anchors = (f: ContentFile) => {
      let a = anchorCache.get(f);
      if (!a) anchorCache.set(f, (a = anchorsOf(f.parsed.tree, ctx.sectionsOf(f).map((s) => s.id))));
      return a;
    };
    const idOf = (f: ContentFile) => str(f.parsed.frontmatter?.id);

    for (const file of ctx.files) {
      const fm = file.parsed.frontmatter;
      const locate = file.parsed.locate;
      const declaredPlaybooks = new Set<string>();
      if (file.kind === 'incident' && fm) {
        strList(fm.playbooks).forEach((p, i) => {
          if (!p) return;
          const target = playbooks.get(p);
          if (target) declaredPlaybooks.add(idOf(target) ?? p);
          else ctx.report(file, { ruleId: 'links/playbook', ...locate(['playbooks', i]), message: `playbook \`${p}\` does not exist; use the id of a file under playbooks/ (or create it with npm run new-playbook)` });
        });
        (Array.isArray(fm.playbooks_missing) ? fm.playbooks_missing : []).forEach((m: unknown, i: number) => {
          const p = m && typeof m === 'object' ? str((m as Record<string, unknown>).playbook) : undefined;
          if (!p) return;
          const target = playbooks.get(p);
          if (target) declaredPlaybooks.add(idOf(target) ?? p);
          else ctx.report(file, { ruleId: 'links/playbook', ...locate(['playbooks_missing', i, 'playbook']), message: `playbook \`${p}\` does not exist; name an existing playbook, or leave \`playbook\` out and describe what is missing in \`note\`` });
        });
        strList(fm.related).forEach((r, i) => {
          if (!r) return;
          const target = incidents.get(r);
          if (!target) ctx.report(file, { ruleId: 'links/related', ...locate(['related', i]), message: `related incident \`${r}\` does not exist` });
          else if (target === file) ctx.report(file, { ruleId: 'links/related', ...locate(['related', i]), message: `an incident cannot be related to itself (\`${r}\`)` });
        });
      }

      const visit = (node: Nodes) => {
        if ((node.type === 'link' || node.type === 'definition') && node.url) {
          const target = linkTarget(node.url, file.path, ctx.config.site.base_url);
          const at = { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
          if (target) {
            let page: ContentFile | undefined;
            if (target.kind === 'self') page = file;
            else if (target.kind === 'file') {
              page = byPath.get(target.path);
              if (!page) ctx.report(file, { ruleId: 'links/internal', ...at, message: `link to \`${node.url}\`: no such content file under the content root` });
            } else {
              page = (target.kind === 'incident' ? incidents : playbooks).get(target.id);
              if (!page) ctx.report(file, { ruleId: 'links/internal', ...at, message: `link to \`${node.url}\`: there is no ${target.kind} \`${target.id}\`` });
            }
            if (page && target.fragment && !anchors(page).has(target.fragment)) {
              const known = ctx.sectionsOf(page).filter((s) => s.known).map((s) => `#${s.id}`);
              ctx.report(file, { ruleId: 'links/anchor', ...at, message: `link to \`${node.url}\`: ${page === file ? 'this page' : page.relPath} has no anchor \`#${target.fragment}\`${known.length ? `; its sections are ${known.join(', ')}` : ''}` });
            }
            if (page && page !== file && page.kind !== file.kind) {
              const [incident, playbook] = file.kind === 'incident' ? [file, page] : [page, file];
              const pid = idOf(playbook);
              const declared = file.kind === 'incident' ? declaredPlaybooks : new Set([...strList(incident.parsed.frontmatter?.playbooks), ...(Array.isArray(incident.parsed.frontmatter?.playbooks_missing) ? incident.parsed.frontmatter.playbooks_missing.map((m: unknown) => str((m as Record<string, unknown> | null)?.playbook)) : [])].map((p) => (p && playbooks.get(p) ? idOf(playbooks.get(p)!) : p)));
              if (pid && !declared.has(pid)) {
                ctx.report(file, {
                  ruleId: 'links/reciprocal',
                  ...at,
                  message:
                    file.kind === 'incident'
                      ? `the body links to playbook \`${pid}\` but \`playbooks:\` does not list it, so its page will not show this incident; add it to \`playbooks\` (or \`playbooks_missing\`)`
                      : `this playbook links to ${idOf(incident) ?? incident.relPath}, whose \`playbooks:\` does not list \`${pid}\`; add it there so both pages agree`,
                });
              }
            }
          }
        }
        if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
      };
      visit(file.parsed.tree);
    }
  },
};
