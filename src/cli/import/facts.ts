/**
 * Facts the importer reads out of free text: dates, severity, time zones,
 * action items and lessons. Each function returns undefined rather than guess.
 */
import { parseClock, type ParsedTime } from '../../core/time/clock.ts';
import { ACTION_KINDS, type ACTION_STATUSES, type SEVERITIES } from '../../schema/config.ts';

type Severity = (typeof SEVERITIES)[number];
type ActionKind = (typeof ACTION_KINDS)[number];
type ActionStatus = (typeof ACTION_STATUSES)[number];

const pad = (n: number) => String(n).padStart(2, '0');

export function isRealDate(y: number, m: number, d: number): boolean {
  if (y < 1970 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The first calendar date in a text, as `YYYY-MM-DD`: ISO, `2024.03.05`, `2024년 3월 5일`, `March 5, 2024`, `5 March 2024`. */
export function findDate(text: string): string | undefined {
  const candidates: { index: number; y: number; m: number; d: number }[] = [];
  const push = (index: number, y: string, m: string | number, d: string) => {
    const mm = typeof m === 'number' ? m : Number(m);
    if (isRealDate(Number(y), mm, Number(d))) candidates.push({ index, y: Number(y), m: mm, d: Number(d) });
  };
  for (const m of text.matchAll(/(?<![\d.])((?:19|20)\d{2})[-./](\d{1,2})[-./](\d{1,2})(?![\d])/g)) push(m.index!, m[1], m[2], m[3]);
  for (const m of text.matchAll(/((?:19|20)\d{2})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일/gu)) push(m.index!, m[1], m[2], m[3]);
  for (const m of text.matchAll(
    /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})\b/gi,
  ))
    push(m.index!, m[3], MONTHS.indexOf(m[1].slice(0, 3).toLowerCase()) + 1, m[2]);
  for (const m of text.matchAll(
    /\b(\d{1,2})(?:st|nd|rd|th)?\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?\s+((?:19|20)\d{2})\b/gi,
  ))
    push(m.index!, m[3], MONTHS.indexOf(m[2].slice(0, 3).toLowerCase()) + 1, m[1]);
  candidates.sort((a, b) => a.index - b.index);
  const c = candidates[0];
  return c ? `${c.y}-${pad(c.m)}-${pad(c.d)}` : undefined;
}

/** A date in a file name: `2019-02-15-foo.md`, `20190215_foo.md`. */
export function dateFromFileName(name: string): string | undefined {
  const m = name.match(/(?<!\d)((?:19|20)\d{2})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)/);
  return m && isRealDate(Number(m[1]), Number(m[2]), Number(m[3])) ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** A frontmatter date value (string, Date or number) as `YYYY-MM-DD` plus an optional `HH:MM`. */
export function dateFromValue(value: unknown): { date: string; time?: string } | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return { date: value.toISOString().slice(0, 10) };
  if (typeof value !== 'string') return undefined;
  const clock = parseClock(value.replace('T', ' '));
  if (clock?.date && isRealDate(clock.date.year, clock.date.month, clock.date.day)) {
    return { date: `${clock.date.year}-${pad(clock.date.month)}-${pad(clock.date.day)}`, time: `${pad(clock.hour)}:${pad(clock.minute)}` };
  }
  const date = findDate(value);
  return date ? { date } : undefined;
}

// ---------------------------------------------------------------- times

/** The zone text at the end of a time (`KST`, `+09:00`, `Z`), as written. */
function zoneToken(text: string): string | undefined {
  return text
    .trim()
    .match(/\d(?:\s*(?:AM|PM|am|pm|a\.m\.|p\.m\.))?\s*(Z|[+-]\d{2}:?\d{2}|[A-Za-z]{2,4}(?:[+-]\d{1,2}(?::?\d{2})?)?)$/)?.[1];
}

/**
 * The canonical timeline form of a time the source wrote in any shape:
 * `16:01 PM` → `16:01`, `오후 4시 1분` → `16:01`, `2024-03-05 14:20 KST` stays.
 */
export function canonicalTime(text: string): string | undefined {
  const t = parseClock(text);
  if (!t) return undefined;
  let out = `${pad(t.hour)}:${pad(t.minute)}${t.second ? `:${pad(t.second)}` : ''}`;
  if (t.date) out = `${t.date.year}-${pad(t.date.month)}-${pad(t.date.day)} ${out}`;
  if (t.offsetMinutes !== undefined) {
    const z = zoneToken(text);
    if (z && !/^(AM|PM)$/i.test(z)) out += ` ${z}`;
  }
  return out;
}

const ZONE_NAMES: Record<string, string> = {
  UTC: 'UTC',
  GMT: 'UTC',
  Z: 'UTC',
  KST: 'Asia/Seoul',
  JST: 'Asia/Tokyo',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  EST: 'America/New_York',
  EDT: 'America/New_York',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  CET: 'Europe/Paris',
  CEST: 'Europe/Paris',
  BST: 'Europe/London',
  IST: 'Asia/Kolkata',
  SGT: 'Asia/Singapore',
  HKT: 'Asia/Hong_Kong',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
};

/** The IANA zone a time's own zone text stands for: `KST` → Asia/Seoul, `+09:00` → Etc/GMT-9. */
export function zoneNameOf(text: string, parsed: ParsedTime | undefined = parseClock(text)): string | undefined {
  if (parsed?.offsetMinutes === undefined) return undefined;
  const token = zoneToken(text)?.toUpperCase();
  if (token && ZONE_NAMES[token]) return ZONE_NAMES[token];
  const off = parsed.offsetMinutes;
  if (off === 0) return 'UTC';
  if (off % 60 !== 0) return undefined;
  return `Etc/GMT${off > 0 ? '-' : '+'}${Math.abs(off / 60)}`;
}

/** `+09:00` for an offset in minutes. */
export function formatOffset(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

// ---------------------------------------------------------------- severity

const WORDS: [RegExp, Severity][] = [
  [/^(critical|crit|치명적?|긴급|최상)$/i, 'SEV1'],
  [/^(major|high|높음|상|심각|중대)$/i, 'SEV2'],
  [/^(minor|medium|moderate|보통|중간|중|경미)$/i, 'SEV3'],
  [/^(low|낮음|하|trivial)$/i, 'SEV4'],
];

function severityFromValue(raw: string): Severity | undefined {
  const v = raw.trim().replace(/[*_`"'.]/g, '');
  const sev = v.match(/^(?:sev(?:erity)?|s)\s*[-_ ]?\s*([0-4])\b/i) ?? v.match(/^([1-4])(?:\s*등급)?\b/);
  if (sev) return `SEV${Math.max(1, Number(sev[1]))}` as Severity;
  const p = v.match(/^p\s*([0-4])\b/i);
  if (p) return `SEV${Math.max(1, Number(p[1]))}` as Severity;
  const word = v.split(/[\s(,/]/)[0];
  for (const [re, s] of WORDS) if (re.test(word)) return s;
  return undefined;
}

/**
 * Severity as the source states it: a frontmatter value, a `Severity: …` /
 * `심각도: …` / `Priority: P1` line, or a bare `SEV2` token. P0 and P1 map to SEV1,
 * P2 to SEV2 and so on.
 */
export function findSeverity(text: string, frontmatterValue?: unknown): Severity | undefined {
  if (typeof frontmatterValue === 'string' || typeof frontmatterValue === 'number') {
    const s = severityFromValue(String(frontmatterValue));
    if (s) return s;
  }
  const labelled = text.match(/(?:severity|sev|심각도|장애\s*등급|등급|priority|우선\s*순위)\s*(?:level)?\s*[:：=]\s*([^\n,;]+)/i);
  if (labelled) {
    const s = severityFromValue(labelled[1]);
    if (s) return s;
  }
  const bare = text.match(/\bSEV[-_ ]?([1-4])\b/i);
  return bare ? (`SEV${bare[1]}` as Severity) : undefined;
}

// ---------------------------------------------------------------- action items

export interface ImportedActionItem {
  title: string;
  kind: ActionKind;
  owner?: string;
  status: ActionStatus;
  due?: string;
  ticket?: string;
}

const KIND_WORDS: [RegExp, ActionKind][] = [
  [
    /\b(alert|alerts|alerting|monitor|monitoring|dashboard|detect|detection|page|paging|slo|metric|metrics|probe|canary)\b|알림|알람|모니터링|탐지|감지|경보|대시보드|지표/i,
    'detect',
  ],
  [
    /\b(process|checklist|review|document|documentation|docs|runbook|playbook|training|train|onboarding|postmortem|policy|guideline|communicat\w*)\b|문서|교육|절차|체크리스트|리뷰|프로세스|가이드|매뉴얼|플레이북|공유/i,
    'process',
  ],
  [
    /\b(mitigate|mitigation|rollback|roll back|failover|fail over|rate.?limit|circuit.?breaker|workaround|restart|hotfix)\b|완화|롤백|우회|재시작|임시 조치/i,
    'mitigate',
  ],
];

/** mitigate / detect / process from the wording; `prevent` otherwise. */
export function actionKind(text: string, typed?: string): ActionKind {
  const t = typed?.trim().toLowerCase();
  if (t) {
    if ((ACTION_KINDS as readonly string[]).includes(t)) return t as ActionKind;
    if (/^(prevention|preventive|preventative|예방)$/.test(t)) return 'prevent';
    if (/^(detection|탐지|감지)$/.test(t)) return 'detect';
    if (/^(mitigation|완화)$/.test(t)) return 'mitigate';
  }
  for (const [re, kind] of KIND_WORDS) if (re.test(text)) return kind;
  return 'prevent';
}

export function actionStatus(text: string | undefined, checked?: boolean | null): ActionStatus {
  const t = text?.trim().toLowerCase() ?? '';
  if (/^(done|complete|completed|closed|fixed|resolved|완료|해결)/.test(t)) return 'done';
  if (/^(in.?progress|doing|started|wip|진행)/.test(t)) return 'in-progress';
  if (/^(won'?t.?fix|wont.?fix|dropped|cancel|취소|보류)/.test(t)) return 'wont-fix';
  return checked ? 'done' : 'open';
}

const ISO = /\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b/;

export function dueDate(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const m = text.match(ISO) ?? undefined;
  if (m && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) return m[0];
  const d = findDate(text);
  return d;
}

export function isUrl(s: string | undefined): s is string {
  if (!s || !/^https?:\/\//i.test(s)) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

/**
 * One action item from a task-list item's text: `Add an alert (owner: @mina, due: 2024-04-01)`.
 * The title loses only the owner/due/status annotations, which move to their own fields.
 */
export function actionFromText(text: string, opts: { checked?: boolean | null; url?: string } = {}): ImportedActionItem | undefined {
  let title = text.replace(/\s+/g, ' ').trim();
  let owner: string | undefined;
  let due: string | undefined;
  let status: string | undefined;
  const take = (re: RegExp, fn: (m: RegExpMatchArray) => void) => {
    const m = title.match(re);
    if (m) {
      fn(m);
      title = (title.slice(0, m.index) + title.slice(m.index! + m[0].length)).trim();
    }
  };
  // annotations in parentheses or brackets: (owner: x, due: y)
  take(/[([]\s*((?:owner|담당자?|assignee|due|기한|마감|by|status|상태)\s*[:：=][^)\]]*)[)\]]/i, (m) => {
    for (const part of m[1].split(/[,;]/)) {
      const kv = part.match(/^\s*([^:：=]+?)\s*[:：=]\s*(.+?)\s*$/);
      if (!kv) continue;
      const k = kv[1].toLowerCase();
      if (/owner|담당|assignee/.test(k)) owner = kv[2];
      else if (/due|기한|마감|by/.test(k)) due = dueDate(kv[2]);
      else if (/status|상태/.test(k)) status = kv[2];
    }
  });
  take(/[-–—,;|]?\s*(?:owner|담당자?|assignee)\s*[:：=]\s*(@?[\w.\-가-힣]+)/i, (m) => (owner ??= m[1]));
  take(/[-–—,;|]?\s*(?:due|기한|마감)\s*[:：=]?\s*((?:19|20)\d{2}-\d{2}-\d{2})/i, (m) => (due ??= dueDate(m[1])));
  if (!owner) take(/(?:^|\s)@([\p{L}\p{N}_.-]+)\s*$/u, (m) => (owner = m[1]));
  if (!owner) {
    const at = title.match(/(?:^|\s)@([\p{L}\p{N}_.-]+)/u);
    if (at) owner = at[1];
  }
  title = title.replace(/\s*[-–—,;:|]\s*$/, '').trim();
  if (!title) return undefined;
  const ticket = isUrl(opts.url) ? opts.url : title.match(/https?:\/\/\S+/)?.[0]?.replace(/[).,]+$/, '');
  return {
    title,
    kind: actionKind(title),
    ...(owner ? { owner: owner.replace(/^@/, '') } : {}),
    status: actionStatus(status, opts.checked),
    ...(due ? { due } : {}),
    ...(isUrl(ticket) ? { ticket } : {}),
  };
}

/** Which action-item field a table column holds. */
export function actionColumn(header: string): 'title' | 'kind' | 'owner' | 'due' | 'status' | 'ticket' | undefined {
  const h = header.trim().toLowerCase();
  if (/^(action( items?)?|items?|title|task|what|description|조치|항목|내용|작업|할 일|액션)/.test(h)) return 'title';
  if (/^(type|kind|category|유형|종류|분류)/.test(h)) return 'kind';
  if (/^(owner|assignee|who|담당|책임)/.test(h)) return 'owner';
  if (/^(due|deadline|eta|target|기한|마감|목표일|완료 예정)/.test(h)) return 'due';
  if (/^(status|state|상태|진행)/.test(h)) return 'status';
  if (/^(ticket|bug|issue|link|jira|tracking|티켓|이슈|링크)/.test(h)) return 'ticket';
  return undefined;
}

// ---------------------------------------------------------------- lessons

export type LessonKind = 'went_well' | 'went_wrong' | 'got_lucky';

/** Google-SRE style lesson sub-headings: "What went well", "잘된 점", "Where we got lucky". */
export function lessonKind(heading: string): LessonKind | undefined {
  const h = heading
    .toLowerCase()
    .replace(/[*_:：]/g, '')
    .trim();
  if (/went well|what worked|잘\s*된\s*점|잘한\s*점|좋았던\s*점/.test(h)) return 'went_well';
  if (/went wrong|didn'?t go well|what failed|could be improved|잘못된\s*점|아쉬운\s*점|개선할\s*점|부족했던\s*점/.test(h))
    return 'went_wrong';
  if (/got lucky|lucky|운이\s*좋았던/.test(h)) return 'got_lucky';
  return undefined;
}
