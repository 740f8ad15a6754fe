/**
 * Say it once: a fact written in frontmatter (`impact.description`, `lessons`,
 * `action_items`, a playbook's `symptoms`) satisfies its body section in
 * `npm run check`, and the built page shows it under one heading: inside the
 * body's section when there is one, else under the UI's heading with the
 * section's canonical anchor. One content root (site-basic plus English and
 * Korean incidents and scaffolded playbooks), checked by the real CLI and built once.
 */
import { execFile } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { matchSection } from '../src/core/markdown/sections.ts';
import { buildSite, type BuiltSite, ROOT, TMP } from './helpers/site.ts';

const run = promisify(execFile);
const NODE = join(ROOT, 'node_modules/.bin/node');
const CONTENT = join(TMP, 'say-once-content');

const WHYS = `1. Why did checkout fail? — The gateway lost its upstream.
2. Why did it lose it? — A deploy drained every pod at once.`;

/** English headings, published: Lessons Learned and Action Items in the body, no Impact section. */
const ENGLISH = `---
id: INC-2024-101
title: Checkout 502s after a gateway deploy
summary: A gateway deploy drained every checkout pod at once; 14% of checkouts failed for 35 minutes until the deploy was rolled back.
status: published
severity: SEV2
authors: [mina]
reviewers: [jae]
timezone: UTC
started: "2024-05-02T09:00"
resolved: "2024-05-02T09:35"
services: [checkout]
impact:
  description: 14% of checkout requests returned 502 for 35 minutes.
tags: [deploy]
root_cause:
  category: config
  contributing_factors: []
lessons:
  went_well: [The rollback runbook worked the first time.]
  went_wrong: [The 5xx alert fired ten minutes late.]
  got_lucky: []
action_items:
  - title: Alert on checkout 5xx above 2% for 2 minutes
    kind: detect
    owner: sre-team
    status: open
    due: "2099-01-31"
playbooks: []
related: []
---

## Overview

A gateway deploy drained every checkout pod at once.

## Timeline

- \`09:00\` [start] Gateway deploy started.
- \`09:35\` [resolved] Deploy rolled back; 5xx back to baseline.

## Immediate Action

Rolled back the gateway deploy.

## Root Cause Analysis

The deploy's surge setting allowed every pod to drain together.

## 5 Whys

${WHYS}

## Discussion

Should deploys of the gateway need a second reviewer? The Korean team's write-up of a similar day has
[its lessons](/incidents/INC-2024-102/#lessons) and [its follow-ups](/incidents/INC-2024-102/#action-items).

## Lessons Learned

Surge settings are part of the deploy, and deserve review like code.

## Action Items

The alert is the one follow-up; the surge setting is fixed already.

## Monitoring

The 5xx alert works but its window is too long.
`;

/** Korean headings, published: Impact and a placeholder-only action-items section in the body, no 교훈 section. */
const KOREAN = `---
id: INC-2024-102
title: 결제 게이트웨이 배포 후 502 오류
summary: 게이트웨이 배포가 결제 파드를 한꺼번에 내려 35분 동안 결제의 14%가 실패했고, 배포를 되돌려 복구했다.
status: published
severity: SEV2
authors: [나라]
reviewers: [재]
timezone: Asia/Seoul
started: "2024-05-03T09:00"
resolved: "2024-05-03T09:35"
services: [checkout]
impact:
  description: 35분 동안 결제 요청의 14%가 502를 받았다.
tags: [deploy]
root_cause:
  category: config
  contributing_factors: []
lessons:
  went_well: [롤백 절차가 한 번에 통했다.]
  went_wrong: [5xx 알림이 10분 늦게 울렸다.]
  got_lucky: []
action_items:
  - title: 결제 5xx가 2분 동안 2%를 넘으면 알림
    kind: detect
    owner: sre-team
    status: open
    due: "2099-01-31"
playbooks: []
related: []
---

## 개요

게이트웨이 배포가 결제 파드를 한꺼번에 내렸다. 같은 날의 영어 보고서는 [영향](/incidents/INC-2024-101/#impact)을 프론트매터에만 적었다.

## 영향

결제 요청의 14%가 실패했다.

## 시간 분석

- \`09:00\` [start] 게이트웨이 배포 시작.
- \`09:35\` [resolved] 배포를 되돌려 5xx가 평소 수준으로 돌아옴.

## 응급 조치

게이트웨이 배포를 되돌렸다.

## 근본 원인 분석

배포의 surge 설정이 모든 파드를 동시에 내리도록 허용했다.

## 5Why 분석

1. 왜 결제가 실패했나? — 게이트웨이가 업스트림을 잃었다.
2. 왜 잃었나? — 배포가 모든 파드를 한꺼번에 내렸다.

## 논의

게이트웨이 배포에 두 번째 검토자가 필요할까?

## 재발 방지 대책

- TBD

## 모니터링

5xx 알림은 동작하지만 판단 구간이 너무 길다.
`;

/** A draft that says nothing yet, in frontmatter or body (drafts are checked, not built). */
const DRAFT = `---
id: INC-2024-103
title: Search index lag
summary: Search results were minutes behind.
status: draft
severity: SEV4
timezone: UTC
started: "2024-05-04T10:00"
root_cause:
  category: unknown
  contributing_factors: []
---

## Overview

Search results were minutes behind.
`;

/** A hand-written playbook without a Symptoms section. */
const NO_SYMPTOMS_SECTION = `---
id: gateway-502
title: "Gateway: 502 Bad Gateway"
summary: When the gateway answers 502.
symptoms:
  - "502 Bad Gateway"
owner: platform-team
last_reviewed: "2025-01-10"
---

## Causes

### Upstream pods drained

Every pod left the load balancer at once.

## Diagnosis

### Count ready pods

\`\`\`bash
kubectl get pods -l app=checkout
\`\`\`

## Fixes

### Roll back

\`\`\`bash
kubectl rollout undo deploy/gateway
\`\`\`
`;

interface CheckJson {
  files: { path: string; messages: { ruleId: string; message: string; severity: string }[] }[];
}

let site: BuiltSite;
let check: CheckJson;

async function scaffoldPlaybook(args: string[]): Promise<string> {
  const env = { ...process.env, KB_CONTENT_DIR: CONTENT, KB_NOW_MS: String(Date.UTC(2025, 5, 10)) };
  const { stdout } = await run(NODE, ['scripts/new-playbook.ts', '-y', '--json', ...args], { cwd: ROOT, env });
  return JSON.parse(stdout).path;
}

beforeAll(async () => {
  rmSync(CONTENT, { recursive: true, force: true });
  cpSync(join(ROOT, 'tests/fixtures/site-basic'), CONTENT, { recursive: true });
  writeFileSync(join(CONTENT, 'incidents/2024-05-02-checkout-502.md'), ENGLISH);
  writeFileSync(join(CONTENT, 'incidents/2024-05-03-gyeolje-502.md'), KOREAN);
  writeFileSync(join(CONTENT, 'incidents/2024-05-04-search-lag.md'), DRAFT);
  writeFileSync(join(CONTENT, 'playbooks/gateway-502.md'), NO_SYMPTOMS_SECTION);
  // Scaffolded playbooks, as `npm run new-playbook` writes them: every section a placeholder.
  await scaffoldPlaybook([
    '-t',
    'Disk full on /var',
    '--id',
    'disk-full-var',
    '--owner',
    'platform-team',
    '--symptom',
    'No space left on device',
  ]);
  await scaffoldPlaybook([
    '-t',
    '디스크 용량 부족',
    '--id',
    'disk-full-ko',
    '--owner',
    '인프라팀',
    '--symptom',
    'No space left on device',
    '--lang',
    'ko',
  ]);
  const out = await run(NODE, ['scripts/check.ts', '--format', 'json'], {
    cwd: ROOT,
    env: { ...process.env, KB_CONTENT_DIR: CONTENT },
  }).catch((e) => e);
  check = JSON.parse(out.stdout);
  site = await buildSite(CONTENT, 'say-once', { KB_BUILD_DATE: '2025-06-15' });
}, 300_000);

/** The findings of one file, as `ruleId: message`. */
const findings = (file: string) => (check.files.find((f) => f.path.endsWith(file))?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);

const article = (html: string) => html.match(/<article[\s\S]*<\/article>/)![0];
const text = (html: string) => html.replace(/<[^>]+>/g, '').trim();
/** Every h2 of the page's article, with its id (if any) and its text. */
const h2s = (html: string) =>
  [...article(html).matchAll(/<h2\b([^>]*)>([\s\S]*?)<\/h2>/g)].map((m) => ({ id: m[1].match(/\sid="([^"]+)"/)?.[1], text: text(m[2]) }));
/** How many h2 headings stand for a section: by their anchor or by their words (any language). */
const headingsFor = (html: string, section: string, kind: 'incident' | 'playbook') =>
  h2s(html).filter((h) => h.id === section || matchSection(h.text, kind) === section);
const idCount = (html: string, id: string) => html.split(` id="${id}"`).length - 1;
/** The body section with this canonical id, as HTML. */
const bodySection = (html: string, id: string) =>
  html.match(new RegExp(`<section class="kb-section kb-section--${id}"[^>]*>[\\s\\S]*?</section>`))?.[0];

describe('npm run check: a fact written in frontmatter is not asked for again in the body', () => {
  it('English headings: frontmatter impact, lessons and action items fill their sections; nothing is reported', () => {
    expect(findings('2024-05-02-checkout-502.md')).toEqual([]);
  });

  it('Korean headings: frontmatter lessons fill the missing 교훈 section, action items the placeholder one', () => {
    expect(findings('2024-05-03-gyeolje-502.md')).toEqual([]);
  });

  it('where neither holds the facts, the section is still asked for, and the message names both ways to say it', () => {
    const messages = findings('2024-05-04-search-lag.md');
    expect(messages).toContain(
      'structure/required-section: missing section `## Impact` (`## 영향`); add it, or fill `impact.description` in frontmatter',
    );
    expect(messages).toContain(
      'structure/required-section: missing section `## Lessons Learned` (`## 교훈`); add it, or fill `lessons` (went_well, went_wrong, got_lucky) in frontmatter',
    );
    expect(messages).toContain(
      'structure/required-section: missing section `## Action Items` (`## 예방책`); add it, or fill `action_items` in frontmatter',
    );
    expect(messages).toContain('structure/required-section: missing section `## Monitoring` (`## 모니터링`); add it');
  });

  it('links to anchors the page gets from frontmatter (#impact, #lessons) resolve', () => {
    expect(findings('.md').filter((f) => f.startsWith('links/'))).toEqual([]);
  });

  it('a scaffolded playbook gets a warning for each placeholder-only section it needs, none for its symptoms', () => {
    for (const file of ['disk-full-var.md', 'disk-full-ko.md']) {
      const messages = check.files.find((f) => f.path.endsWith(file))!.messages;
      expect(messages.map((m) => m.ruleId)).toEqual([
        'structure/required-section',
        'structure/required-section',
        'structure/required-section',
      ]);
      expect(messages.map((m) => m.severity)).toEqual(['warning', 'warning', 'warning']);
      expect(messages.map((m) => m.message).join('\n')).toMatch(
        /"(Causes|원인)" is empty[\s\S]*"(Diagnosis|진단)" is empty[\s\S]*"(Fixes|해결 방법)" is empty/,
      );
    }
    // a playbook with every section it needs (no Symptoms section: frontmatter `symptoms` holds them)
    expect(findings('gateway-502.md')).toEqual([]);
  });
});

describe('the built pages show each section under one heading, with its anchor once', () => {
  it('English incident: lessons and action items inside the body sections; #impact on the frontmatter impact', () => {
    const html = site.read('incidents/INC-2024-101/index.html');
    for (const id of ['lessons', 'action-items']) {
      expect(headingsFor(html, id, 'incident'), id).toHaveLength(1);
      expect(idCount(html, id), id).toBe(1);
    }
    const lessons = bodySection(html, 'lessons')!;
    expect(lessons).toContain('Surge settings are part of the deploy');
    expect(lessons).toContain('id="lessons-learned"');
    expect(lessons).toContain('<li>The rollback runbook worked the first time.</li>');
    const actions = bodySection(html, 'action-items')!;
    expect(actions).toContain('The alert is the one follow-up');
    expect(actions).toContain('id="action-item-list"');
    expect(actions).toContain('Alert on checkout 5xx above 2% for 2 minutes');
    // the old anchors of the facts still work, once each
    expect(idCount(html, 'lessons-learned')).toBe(1);
    expect(idCount(html, 'action-item-list')).toBe(1);
    // no Impact section in the body: the frontmatter impact carries #impact
    expect(html).toMatch(/<div class="impact-description" id="impact">/);
    expect(idCount(html, 'impact')).toBe(1);
    expect(html).not.toContain('data-kb-facts');
  });

  it('Korean incident: the UI heading carries #lessons; the action items fill the placeholder 재발 방지 대책 section', () => {
    const html = site.read('incidents/INC-2024-102/index.html');
    const lessons = headingsFor(html, 'lessons', 'incident');
    expect(lessons).toEqual([{ id: 'lessons', text: 'Lessons' }]);
    expect(idCount(html, 'lessons')).toBe(1);
    expect(article(html)).toContain('<li>롤백 절차가 한 번에 통했다.</li>');
    expect(headingsFor(html, 'action-items', 'incident')).toEqual([{ id: 'action-items', text: '재발 방지 대책' }]);
    const actions = bodySection(html, 'action-items')!;
    expect(actions).not.toContain('data-empty');
    expect(actions).not.toContain('kb-empty');
    expect(actions).not.toContain('TBD');
    expect(actions).toContain('결제 5xx가 2분 동안 2%를 넘으면 알림');
    // Impact is in the body here: it keeps #impact, the frontmatter figure does not take it again
    expect(headingsFor(html, 'impact', 'incident')).toHaveLength(1);
    expect(idCount(html, 'impact')).toBe(1);
  });

  it('MDX incident with both: one Lessons Learned and one Action Items heading, facts inside them', () => {
    const html = site.read('incidents/INC-2024-007/index.html');
    expect(headingsFor(html, 'lessons', 'incident')).toEqual([{ id: 'lessons', text: 'Lessons Learned' }]);
    expect(headingsFor(html, 'action-items', 'incident')).toEqual([{ id: 'action-items', text: 'Action Items' }]);
    expect(bodySection(html, 'lessons')).toContain('<li>Rollback took under five minutes.</li>');
    expect(bodySection(html, 'action-items')).toContain('Add pool size to the config review checklist');
    expect(html).not.toContain('data-kb-facts');
  });

  it('no heading text appears twice on any incident or playbook page', () => {
    const pages = [
      'incidents/INC-2024-101/index.html',
      'incidents/INC-2024-102/index.html',
      'incidents/INC-2024-007/index.html',
      'incidents/INC-2019-001/index.html',
      'playbooks/disk-full-var/index.html',
      'playbooks/disk-full-ko/index.html',
      'playbooks/gateway-502/index.html',
      'playbooks/ssh-permission-denied-publickey/index.html',
    ];
    for (const page of pages) {
      const html = site.read(page);
      const all = [...article(html).matchAll(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/g)].map((m) => text(m[2]));
      expect(
        all.filter((h, i) => all.indexOf(h) !== i),
        page,
      ).toEqual([]);
      const kind = page.startsWith('incidents') ? 'incident' : 'playbook';
      for (const section of kind === 'incident' ? ['impact', 'lessons', 'action-items'] : ['symptoms']) {
        expect(headingsFor(html, section, kind).length, `${page} ${section}`).toBeLessThanOrEqual(1);
      }
      const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
      expect(ids.length, page).toBe(new Set(ids).size);
    }
  });

  it('a scaffolded playbook: one Symptoms heading, the symptom strings under it, not marked empty', () => {
    for (const [page, heading] of [
      ['playbooks/disk-full-var/index.html', 'Symptoms'],
      ['playbooks/disk-full-ko/index.html', '증상'],
    ]) {
      const html = site.read(page);
      expect(headingsFor(html, 'symptoms', 'playbook'), page).toEqual([{ id: 'symptoms', text: heading }]);
      const symptoms = bodySection(html, 'symptoms')!;
      expect(symptoms).toContain('<code lang="en">No space left on device</code>');
      expect(symptoms).not.toContain('data-empty');
      expect(idCount(html, 'symptom-strings')).toBe(1);
      // the sections still to write are shown as empty
      expect(bodySection(html, 'causes')).toContain('data-empty="true"');
    }
  });

  it('a playbook without a Symptoms section: the UI heading carries #symptoms', () => {
    const html = site.read('playbooks/gateway-502/index.html');
    expect(headingsFor(html, 'symptoms', 'playbook')).toEqual([{ id: 'symptoms', text: 'Symptoms' }]);
    expect(html).toContain('<code lang="en">502 Bad Gateway</code>');
    expect(idCount(html, 'symptom-strings')).toBe(1);
  });
});
