/**
 * Facts the importer reads out of free text: severity, action items and
 * lessons (dates are `dates.ts`, times `stamp.ts`, zones `zones.ts`). Each
 * function returns undefined rather than guess.
 */
import { ACTION_KINDS, type ACTION_STATUSES, type DEFAULT_SEVERITIES } from '../../schema/config.ts';
import { findDate, isRealDate } from './dates.ts';

/** A severity on the common SEV1–SEV4 scale sources write; the importer maps it onto the configured levels. */
type Severity = (typeof DEFAULT_SEVERITIES)[number];
type ActionKind = (typeof ACTION_KINDS)[number];
type ActionStatus = (typeof ACTION_STATUSES)[number];

export { dateFromValue, findDate, isRealDate } from './dates.ts';
export { canonicalTime } from './stamp.ts';

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
  if (/^(done|complete|completed|closed|fixed|resolved|해결)|완료|完了|対応済|済み/u.test(t) && !/(예정|予定)/u.test(t)) return 'done';
  if (/^(in.?progress|doing|started|wip|진행|対応中|進行中)/u.test(t)) return 'in-progress';
  if (/^(won'?t.?fix|wont.?fix|dropped|cancel|취소|보류|中止|見送り)/u.test(t)) return 'wont-fix';
  return checked ? 'done' : 'open';
}

/** A status written in brackets or as a word after the item: `(done)`, `(배포 완료)`, `**DONE**`, `TODO`. */
const STATUS_NOTE =
  /\s*[(（]\s*(done|completed?|fixed|in progress|wip|planned|todo|완료|[가-힣]+ 완료|진행 ?중|예정|完了|対応済み?|対応中|未着手|予定)\s*[)）]|\s*(?:\*\*)?\b(DONE|TODO|WIP)\b(?:\*\*)?\s*$/u;

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

const OWNER_KEY = 'owner|owners|dri|담당자?|担当者?|assignee';
const DUE_KEY = 'due|eta|기한|마감|期限|期日';

/**
 * One action item from a list item's text: `Add an alert (owner: @mina, due: 2024-04-01)`,
 * `https://…/issues/2291 - Make it reconnect. DRI: @mtanaka, ETA 2024-03-15`,
 * `✅ Pin the timeout — Owner: @jkoch — https://…`, `台帳の重複排除（担当: 佐々木、期限: 2024/02/29）`.
 * The title loses only the annotations (owner, due, status, a leading ticket link),
 * which move to their own fields.
 */
export function actionFromText(
  text: string,
  opts: { checked?: boolean | null; url?: string; urlText?: string; struck?: boolean } = {},
): ImportedActionItem | undefined {
  let title = text.replace(/\s+/g, ' ').trim();
  let owner: string | undefined;
  let due: string | undefined;
  let status: string | undefined;
  let ticket: string | undefined;
  const take = (re: RegExp, fn: (m: RegExpMatchArray) => void) => {
    const m = title.match(re);
    if (m) {
      fn(m);
      title = (title.slice(0, m.index) + title.slice(m.index! + m[0].length)).trim();
    }
  };
  // the ticket's link text at the end (`… [AUTH-101](https://…)`, `… ([OPS-118](…))`) is the ticket, not the title
  if (opts.urlText && isUrl(opts.url)) {
    const esc = opts.urlText.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    take(new RegExp(`\\s*[-–—|]?\\s*[(（\\[]?${esc}[)）\\]]?\\s*$`, 'u'), () => (ticket = opts.url));
  }
  // done marks: ✅ ✔ ☑ in front
  take(/^(?:✅|✔️?|☑️?)+\s*/u, () => (status ??= 'done'));
  // a ticket link the item starts with: `https://…/issues/2291 - title`
  take(/^(https?:\/\/\S+)\s*[-–—:|]?\s*/, (m) => (ticket = m[1].replace(/[).,]+$/, '')));
  // annotations in brackets: (owner: x, due: y), （担当: 佐々木、期限: 2024/02/29）
  take(new RegExp(`[(（\\[]\\s*((?:${OWNER_KEY}|${DUE_KEY}|by|status|상태|状態)\\s*[:：=][^)）\\]]*)[)）\\]]`, 'iu'), (m) => {
    for (const part of m[1].split(/[,;、，]/u)) {
      const kv = part.match(/^\s*([^:：=]+?)\s*[:：=]\s*(.+?)\s*$/u);
      if (!kv) continue;
      const k = kv[1].toLowerCase();
      if (new RegExp(`^(?:${OWNER_KEY})$`, 'iu').test(k)) owner = kv[2];
      else if (new RegExp(`^(?:${DUE_KEY}|by)$`, 'iu').test(k)) due = dueDate(kv[2]);
      else status = kv[2];
    }
  });
  // `(담당 박지훈)`, `(owner @kim)`: the key without a colon, in brackets
  take(new RegExp(`\\s*[(（]\\s*(?:${OWNER_KEY})\\s+(@?[\\p{L}\\p{N}_.\\-]+)\\s*[)）]`, 'iu'), (m) => (owner ??= m[1]));
  take(STATUS_NOTE, (m) => (status ??= m[1] ?? m[2]));
  take(new RegExp(`[-–—,;|.]?\\s*(?:${OWNER_KEY})\\s*(?:[:：=]\\s*|(?=@))(@?[\\p{L}\\p{N}_.\\-]+)`, 'iu'), (m) => (owner ??= m[1]));
  take(
    new RegExp(`[-–—,;|]?\\s*(?:${DUE_KEY})\\s*[:：=]?\\s*((?:19|20)\\d{2}[-/.]\\d{1,2}[-/.]\\d{1,2})`, 'iu'),
    (m) => (due ??= dueDate(m[1])),
  );
  // a ticket link the item ends with: `… — https://jira.example.com/browse/PAY-4410`
  if (!ticket) take(/\s*[-–—|]?\s*(https?:\/\/\S+?)[).,]*\s*$/, (m) => (ticket = m[1]));
  // `(@mli)` and a trailing `@owner`
  if (!owner) take(/\s*[(（]@([\p{L}\p{N}_.-]+)[)）]/u, (m) => (owner = m[1]));
  if (!owner) take(/(?:^|\s)@([\p{L}\p{N}_.-]+)\s*$/u, (m) => (owner = m[1]));
  if (!owner) {
    const at = title.match(/(?:^|\s)@([\p{L}\p{N}_.-]+)/u);
    if (at) owner = at[1];
  }
  title = title
    .replace(/\s{2,}/g, ' ')
    .replace(/(?:\s*[-–—,;:|])+\s*$/, '')
    .trim();
  if (!title) return undefined;
  ticket ??= isUrl(opts.url) ? opts.url : title.match(/https?:\/\/\S+/)?.[0]?.replace(/[).,]+$/, '');
  owner = owner?.replace(/^@/, '').replace(/[.,;]+$/, '');
  return {
    title,
    kind: actionKind(title),
    ...(owner ? { owner } : {}),
    status: opts.struck ? 'done' : actionStatus(status, opts.checked),
    ...(due ? { due } : {}),
    ...(isUrl(ticket) ? { ticket } : {}),
  };
}

/** Which action-item field a table column holds. */
export function actionColumn(header: string): 'title' | 'kind' | 'owner' | 'due' | 'status' | 'ticket' | undefined {
  const h = header.trim().toLowerCase();
  if (/^(action( items?)?|items?|title|task|what|description|조치|항목|내용|작업|할 일|액션|アクション|対策|内容|タスク|項目)/u.test(h))
    return 'title';
  if (/^(type|kind|category|유형|종류|분류|種別|分類)/u.test(h)) return 'kind';
  if (/^(owner|assignee|who|dri|담당|책임|担当)/u.test(h)) return 'owner';
  if (/^(due|deadline|eta|target|기한|마감|목표일|완료 예정|期限|期日)/u.test(h)) return 'due';
  if (/^(status|state|상태|진행|状態|ステータス)/u.test(h)) return 'status';
  if (/^(ticket|bug|issue|link|jira|tracking|티켓|이슈|링크|チケット|課題)/u.test(h)) return 'ticket';
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
