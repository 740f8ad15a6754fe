/**
 * The incident a timeline is added to: found by id or alias under the content
 * root, or by its path, and read once (text, frontmatter, zone, instants).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { frontmatterKeysOf, listContentFiles, readHead } from '../../core/content.ts';
import { type ParsedEntry, parseEntry } from '../../core/entry.ts';
import { instantToEpoch } from '../../core/time/zone.ts';
import { isValidTimeZone } from '../../schema/common.ts';
import { CliError } from '../shared/args.ts';

export interface Incident {
  /** Absolute path. */
  path: string;
  text: string;
  parsed: ParsedEntry;
  id?: string;
  zone: string;
  /** Epoch ms of `started` / `resolved`, when set and readable. */
  started?: number;
  resolved?: number;
  /** The frontmatter as authored. */
  frontmatter: Record<string, unknown>;
  mdx: boolean;
}

const looksLikePath = (arg: string) => /[\\/]/.test(arg) || /\.mdx?$/i.test(arg);

/** The file of an incident named by path, id or alias. Exit 2 when there is none. */
export async function findIncidentFile(arg: string, root: string, cwd: string): Promise<string> {
  const asPath = resolve(cwd, arg);
  if (existsSync(asPath) && statSync(asPath).isFile()) return asPath;
  if (looksLikePath(arg)) throw new CliError(`${arg}: no such incident file`, 2);
  const files = await listContentFiles(root, 'incident');
  const keys = frontmatterKeysOf(files.map(readHead), ['id', 'aliases']);
  const wanted = arg.trim().toLowerCase();
  const ids: string[] = [];
  for (const [i, k] of keys.entries()) {
    const id = typeof k?.id === 'string' ? k.id : undefined;
    const aliases = Array.isArray(k?.aliases) ? k.aliases.filter((a): a is string => typeof a === 'string') : [];
    if (id) ids.push(id);
    if ([id, ...aliases].some((x) => x?.toLowerCase() === wanted)) return files[i];
  }
  const near = ids.filter((id) => id.toLowerCase().startsWith(wanted.slice(0, 8))).slice(0, 5);
  throw new CliError(
    `no incident with id or alias "${arg}" under ${root}${near.length ? ` (ids like it: ${near.join(', ')})` : ''}; pass its file path, or set KB_CONTENT_DIR to the right content root`,
    2,
  );
}

/** Read the incident: its frontmatter must parse and name a zone. */
export function loadIncident(path: string): Incident {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 2);
  }
  const parsed = parseEntry(text, path, 'incident');
  const fm = parsed.frontmatter;
  if (!fm || parsed.yamlProblems.length)
    throw new CliError(
      `${path}: its frontmatter ${fm ? `does not parse (line ${parsed.yamlProblems[0].line}: ${parsed.yamlProblems[0].message})` : 'is missing'}; fix it first (npm run check)`,
      2,
    );
  const zone = typeof fm.timezone === 'string' ? fm.timezone : undefined;
  if (!zone || !isValidTimeZone(zone))
    throw new CliError(
      `${path}: \`timezone\` is ${zone ? `"${zone}", not an IANA zone` : 'missing'}; the timeline is written in it, so set it first (e.g. Asia/Seoul)`,
      2,
    );
  const instant = (key: string) => {
    const v = fm[key];
    if (v === undefined || v === null || v === '') return undefined;
    const epoch = typeof v === 'string' ? instantToEpoch(v, zone) : undefined;
    if (epoch === undefined) throw new CliError(`${path}: \`${key}: ${String(v)}\` is not a time; write "YYYY-MM-DDTHH:MM"`, 2);
    return epoch;
  };
  return {
    path,
    text,
    parsed,
    id: typeof fm.id === 'string' ? fm.id : undefined,
    zone,
    started: instant('started'),
    resolved: instant('resolved'),
    frontmatter: fm,
    mdx: path.endsWith('.mdx'),
  };
}
