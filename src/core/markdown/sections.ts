/**
 * The one alias table for canonical sections. The remark plugins, `npm run check`,
 * `npm run import` and `npm run new-incident` all read it from here.
 */

export interface SectionDef {
  /** Stable, language-independent anchor: `#timeline`, `#root-cause`, ... */
  id: string;
  /** Headings written by `new-incident` for each heading language. */
  en: string;
  ko: string;
  /** Other ways people title the section (any language, any case, spaces/dashes ignored). */
  aliases: string[];
  /** A one-line hint for authors, written as a comment by the scaffolder. */
  guidance: string;
}

export const INCIDENT_SECTIONS: SectionDef[] = [
  {
    id: 'summary',
    en: 'Overview',
    ko: '개요',
    aliases: ['summary', 'overview', 'executive summary', 'background', '요약', '사건 개요', '장애 개요', '배경'],
    guidance: 'What happened, to whom, and how it ended, in a few sentences a newcomer can follow.',
  },
  {
    id: 'impact',
    en: 'Impact',
    ko: '영향',
    aliases: ['impact', 'customer impact', 'user impact', 'business impact', '영향도', '영향 범위', '고객 영향', '피해 범위'],
    guidance:
      'Who was affected, how badly and for how long. Numbers beat adjectives. A one-line frontmatter `impact.description` also fills this section.',
  },
  {
    id: 'timeline',
    en: 'Timeline',
    ko: '시간 분석',
    aliases: ['timeline', 'time line', 'chronology', 'sequence of events', '타임라인', '시간순 기록', '경과', '시간대별 경과', '시간 순서'],
    guidance:
      'One list item per event: a backticked time, an optional [start]/[detected]/[mitigated]/[resolved] marker, then what happened. Nest logs as code blocks.',
  },
  {
    id: 'immediate-action',
    en: 'Immediate Action',
    ko: '응급 조치',
    aliases: [
      'immediate action',
      'immediate actions',
      'mitigation',
      'resolution',
      'response',
      'remediation steps',
      '긴급 조치',
      '즉각 조치',
      '즉시 조치',
      '대응',
      '조치 내용',
      '완화 조치',
      '해결',
    ],
    guidance: 'What was done to stop the impact, with the commands that were run.',
  },
  {
    id: 'root-cause',
    en: 'Root Cause Analysis',
    ko: '근본 원인 분석',
    aliases: ['root cause', 'root causes', 'root cause analysis', 'rca', 'cause', 'causes', '근본 원인', '원인', '원인 분석'],
    guidance: 'The conditions that made this possible, stated without blame. The category and contributing factors go in frontmatter.',
  },
  {
    id: 'five-whys',
    en: '5 Whys',
    ko: '5Why 분석',
    aliases: [
      '5 whys',
      '5 why',
      '5whys',
      '5why',
      '5why analysis',
      '5 whys analysis',
      'five whys',
      'five why',
      '5-why',
      '다섯 번의 왜',
      '5왜',
      '5 why 분석',
    ],
    guidance:
      'A numbered chain. Each item: a question ending in "?", an em dash (—), then the answer; the next item asks why that answer is so.',
  },
  {
    id: 'discussion',
    en: 'Discussion',
    ko: '논의',
    aliases: ['discussion', 'notes', '토론', '논의 사항', '논의사항'],
    guidance: 'Open questions, trade-offs and disagreements raised in the review.',
  },
  {
    id: 'lessons',
    en: 'Lessons Learned',
    ko: '교훈',
    aliases: ['lessons learned', 'lessons', 'learnings', 'what went well', 'retrospective', '배운 점', '회고', '교훈 및 회고'],
    guidance:
      'Narrative lessons. The went-well / went-wrong / got-lucky bullets go in frontmatter `lessons`, shown under this heading; either one fills the section.',
  },
  {
    id: 'action-items',
    en: 'Action Items',
    ko: '예방책',
    aliases: [
      'action items',
      'action item',
      'preventative measures',
      'preventive measures',
      'prevention',
      'follow-ups',
      'follow ups',
      'followups',
      'corrective actions',
      'remediation',
      'next steps',
      '재발 방지',
      '재발 방지 대책',
      '후속 조치',
      '액션 아이템',
      '조치 항목',
      '예방 조치',
    ],
    guidance:
      'Context for the follow-ups. Each item itself is structured in frontmatter `action_items` (title, kind, owner, status, due, ticket), shown under this heading; either one fills the section.',
  },
  {
    id: 'monitoring',
    en: 'Monitoring',
    ko: '모니터링',
    aliases: ['monitoring', 'detection', 'alerting', 'observability', '탐지', '감지', '알림', '관측'],
    guidance: 'How it was detected, and what alert or dashboard would catch it sooner next time.',
  },
  {
    id: 'additional-notes',
    en: 'Additional Notes',
    ko: '추가 메모',
    aliases: ['additional notes', 'supporting information', 'appendix', 'references', '참고', '참고 자료', '부록', '추가 정보'],
    guidance: 'Anything else worth keeping.',
  },
];

export const PLAYBOOK_SECTIONS: SectionDef[] = [
  {
    id: 'symptoms',
    en: 'Symptoms',
    ko: '증상',
    aliases: ['symptoms', 'symptom', 'error messages', '증상', '에러 메시지', '오류 메시지'],
    guidance: 'What responders see besides the exact strings, which are in frontmatter `symptoms` and shown under this heading.',
  },
  {
    id: 'causes',
    en: 'Causes',
    ko: '원인',
    aliases: ['causes', 'likely causes', 'possible causes', 'cause', '원인', '가능한 원인'],
    guidance: 'One ### heading per likely cause.',
  },
  {
    id: 'diagnosis',
    en: 'Diagnosis',
    ko: '진단',
    aliases: ['diagnosis', 'diagnose', 'investigation', 'triage', '진단', '확인 방법', '원인 파악'],
    guidance: 'One ### heading per step, with the commands in code blocks.',
  },
  {
    id: 'fixes',
    en: 'Fixes',
    ko: '해결 방법',
    aliases: ['fixes', 'fix', 'resolution', 'remediation', 'solutions', 'solution', '해결', '해결 방법', '조치', '조치 방법'],
    guidance: 'One ### heading per fix, with the commands in code blocks.',
  },
  {
    id: 'prevention',
    en: 'Prevention',
    ko: '예방',
    aliases: ['prevention', 'preventing recurrence', '예방', '예방책', '재발 방지'],
    guidance: 'How to stop it from happening again.',
  },
  {
    id: 'references',
    en: 'References',
    ko: '참고 자료',
    aliases: ['references', 'see also', 'links', '참고', '참고 자료', '관련 링크'],
    guidance: 'Links to docs and related material.',
  },
];

/** Sections a `published` incident must fill; drafts only get warnings. */
export const REQUIRED_INCIDENT_SECTIONS = [
  'summary',
  'impact',
  'timeline',
  'immediate-action',
  'root-cause',
  'five-whys',
  'discussion',
  'lessons',
  'action-items',
  'monitoring',
] as const;

/**
 * Sections a playbook should fill; missing or placeholder-only ones are
 * warnings (playbooks have no status). Frontmatter `symptoms` fills Symptoms.
 */
export const REQUIRED_PLAYBOOK_SECTIONS = ['symptoms', 'causes', 'diagnosis', 'fixes'] as const;

const comparable = (s: string) =>
  s
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s\-_.:'’"`*]/g, '');

function buildIndex(defs: SectionDef[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const def of defs) {
    for (const name of [def.id, def.en, def.ko, ...def.aliases]) {
      const key = comparable(name);
      if (!index.has(key)) index.set(key, def.id);
    }
  }
  return index;
}

const INDEXES = {
  incident: buildIndex(INCIDENT_SECTIONS),
  playbook: buildIndex(PLAYBOOK_SECTIONS),
};
export type SectionKind = keyof typeof INDEXES;

/** Heading text without numbering ("1.", "2)", "III.", "가."), emoji or a trailing colon. */
export function cleanHeading(text: string): string {
  return text
    .normalize('NFC')
    .replace(/(?:\p{Extended_Pictographic}|\uFE0F)/gu, '')
    .replace(/^\s*(?:\d+(?:\.\d+)*[.)]|\d+(?:\.\d+)+|[IVXivx]+[.)]|[가-하][.)])\s+/u, '')
    .replace(/[:：]\s*$/u, '')
    .trim();
}

/**
 * Incident headings no alias names, read by meaning: a key phrase in a short
 * heading. In priority order, so a heading that names two sections takes the
 * first: "Root cause and resolution" is the root cause, "Detection & Response"
 * monitoring, "원인 요약" the root cause, "対応経緯" the timeline.
 */
const MEANINGS: [string, RegExp][] = [
  ['five-whys', /\b(?:5|five)[\s-]*whys?\b|\bwhy[\s-]*(?:chain|analysis)\b|\bthe whys\b|なぜなぜ|5\s*왜|다섯\s*번의\s*왜/iu],
  ['timeline', /\btime\s*line\b|\bchronolog|\bsequence of events\b|타임라인|경과|경위|시간\s*순|時系列|経緯|経過|タイムライン/iu],
  [
    'action-items',
    /\baction\s*items?\b|\bfollow[\s-]*ups?\b|\bcorrective\b|\bprevent(?:ive|ative|ion)\b|\breview actions\b|\bnext steps\b|재발\s*방지|대책|후속|액션|개선\s*(?:사항|과제)|対策|再発防止|恒久|次にやること|アクション/iu,
  ],
  ['monitoring', /\bdetection\b|\bmonitoring\b|\balerting\b|\bobservability\b|탐지|감지|모니터링|検知|監視|気づ/iu],
  [
    'root-cause',
    /\broot[\s-]*causes?\b|\bcauses?\b|\bcontributing factors?\b|\bwhy it happened\b|\bwhat caused\b|\bproblems encountered\b|원인|原因|要因/iu,
  ],
  ['impact', /\bimpact\b|영향|피해|影響|規模|被害/iu],
  [
    'immediate-action',
    /\bresolution\b|\brecovery\b|\bmitigation\b|\bresponse\b|\bhow we fixed\b|\bwhat we did\b|대응|조치|해결|복구|対応|暫定|処置|復旧/iu,
  ],
  [
    'lessons',
    /\blessons?\b|\blearnings?\b|\bwent (?:well|wrong)\b|\blucky\b|\bwhat worked\b|\bdidn'?t (?:go well|work)\b|\b(?:can|could) be improved\b|\bretrospective\b|\btakeaways?\b|\breflections?\b|교훈|배운\s*점|회고|잘한\s*점|잘된\s*점|아쉬운\s*점|결론|소감|教訓|学び|反省|振り返り|ふりかえり|所感|感想/iu,
  ],
  ['discussion', /\bdiscussion\b|\bopen questions\b|논의|議論/iu],
  [
    'summary',
    /\bsummary\b|\boverview\b|\bwhat happened\b|\bbackground\b|요약|개요|무슨\s*일|문제\s*발생|현상|배경|概要|背景|事象|何が起きた/iu,
  ],
  ['additional-notes', /\brelated\b|\breferences?\b|\bappendix\b|\bsupporting\b|참고|부록|関連|参考|付録/iu],
];

/** Section headings are short labels; a longer heading is a title or a sentence, and is not read by meaning. */
function isShortHeading(text: string): boolean {
  const words = text.trim().split(/\s+/);
  const cjk = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]/u.test(text);
  return words.length <= 4 && text.replace(/\s+/g, '').length <= (cjk ? 12 : 40);
}

/** The section a heading names by meaning (incidents only), or undefined. */
export function sectionByMeaning(text: string): string | undefined {
  if (!isShortHeading(text)) return undefined;
  return MEANINGS.find(([, re]) => re.test(text))?.[0];
}

/**
 * Map a heading to its canonical section id, or undefined. Handles the bilingual
 * `시간 분석(Timeline)` form by trying the whole text, the part outside the
 * parentheses and the part inside, and "A / B" pairs. Aliases first; then, for
 * incidents, a short heading's meaning ("Contributing Factors", "今後の対策").
 */
export function matchSection(text: string, kind: SectionKind = 'incident'): string | undefined {
  const index = INDEXES[kind];
  const clean = cleanHeading(text);
  const candidates = new Set<string>([clean]);
  const paren = clean.match(/^(.*?)\s*[(（]([^)）]*)[)）]\s*$/u);
  if (paren) {
    candidates.add(paren[1]);
    candidates.add(paren[2]);
  }
  for (const c of [...candidates]) for (const part of c.split(/\s+[/|·]\s+/u)) candidates.add(part);
  for (const c of candidates) {
    const id = index.get(comparable(c));
    if (id) return id;
  }
  if (kind !== 'incident') return undefined;
  for (const c of candidates) {
    const id = sectionByMeaning(c);
    if (id) return id;
  }
  return undefined;
}

/** The heading `new-incident` writes for a section in the chosen language. */
export function headingFor(def: SectionDef, lang: 'en' | 'ko' | 'bilingual'): string {
  if (lang === 'en') return def.en;
  if (lang === 'ko') return def.ko;
  return `${def.ko}(${def.en})`;
}

/** The language a file's own headings are written in (for headings a tool adds to it): en, ko or bilingual. */
export function headingLanguage(headings: string[], text: string): 'en' | 'ko' | 'bilingual' {
  if (headings.some((h) => /[\uAC00-\uD7A3]/.test(h) && /[(（][^)）]*[A-Za-z][^)）]*[)）]/.test(h))) return 'bilingual';
  if (headings.some((h) => /[\uAC00-\uD7A3]/.test(h))) return 'ko';
  if (!headings.length && /[\uAC00-\uD7A3]/.test(text)) return 'ko';
  return 'en';
}
