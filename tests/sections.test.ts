import { describe, expect, it } from 'vitest';
import { cleanHeading, INCIDENT_SECTIONS, matchSection } from '../src/core/markdown/sections.ts';

describe('matchSection', () => {
  it.each([
    // English
    ['Summary', 'summary'],
    ['Timeline', 'timeline'],
    ['Root Causes', 'root-cause'],
    ['Action Items', 'action-items'],
    ['Lessons Learned', 'lessons'],
    ['Detection', 'monitoring'],
    ['5 Whys', 'five-whys'],
    ['Five Whys', 'five-whys'],
    // Korean
    ['개요', 'summary'],
    ['시간 분석', 'timeline'],
    ['근본 원인 분석', 'root-cause'],
    ['재발 방지 대책', 'action-items'],
    ['모니터링', 'monitoring'],
    // bilingual, as in the seed
    ['개요(Overview)', 'summary'],
    ['시간 분석(Timeline)', 'timeline'],
    ['응급 조치(Immediate Action)', 'immediate-action'],
    ['근본 원인 분석(Root Cause Analysis)', 'root-cause'],
    ['5Why 분석(5Why Analysis)', 'five-whys'],
    ['논의(Discussion)', 'discussion'],
    ['예방책(Preventative Measures)', 'action-items'],
    ['Timeline / 타임라인', 'timeline'],
    // numbered, emoji, trailing colon
    ['1. 개요', 'summary'],
    ['2) Impact', 'impact'],
    ['III. Timeline', 'timeline'],
    ['🔥 Root cause:', 'root-cause'],
  ])('%s → %s', (heading, id) => {
    expect(matchSection(heading)).toBe(id);
  });

  it.each([
    ['Issue Summary', 'summary'],
    ['What happened', 'summary'],
    ['문제 발생', 'summary'],
    ['背景', 'summary'],
    ['Resolution and recovery', 'immediate-action'],
    ['How we fixed it', 'immediate-action'],
    ['조치', 'immediate-action'],
    ['暫定対応', 'immediate-action'],
    ['Contributing Factors', 'root-cause'],
    ['Root cause and resolution', 'root-cause'],
    ['원인 요약', 'root-cause'],
    ['복구 지연 원인', 'root-cause'],
    ['根本原因', 'root-cause'],
    ['Detection & Response', 'monitoring'],
    ['なぜ気づけなかったか', 'monitoring'],
    ['Lessons learnt', 'lessons'],
    ['What can be improved', 'lessons'],
    ['결론', 'lessons'],
    ['反省と教訓', 'lessons'],
    ['Corrective and Preventative Measures', 'action-items'],
    ['Review actions', 'action-items'],
    ['개선 대책', 'action-items'],
    ['今後の対策', 'action-items'],
    ['対応経緯', 'timeline'],
    ['時系列', 'timeline'],
    ['タイムライン（JST）', 'timeline'],
    ['なぜなぜ分析', 'five-whys'],
    ['Related records', 'additional-notes'],
  ])('by meaning: %s → %s', (heading, id) => {
    expect(matchSection(heading)).toBe(id);
  });

  it('reads only short headings by meaning: titles, sentences and labels stay unknown', () => {
    for (const h of [
      '결제 승인 API 장애 회고 (개천절 새벽)',
      'ふりかえり：社内APIゲートウェイの証明書更新失敗',
      'Problem 2: the alert fired late',
      'Process improvements',
      'Stats',
      'Trigger',
      'はじめに',
      'お詫び',
    ])
      expect(matchSection(h), h).toBeUndefined();
  });

  it('leaves unknown headings alone', () => {
    expect(matchSection('포스트모텀(Post-mortem)')).toBeUndefined();
    expect(matchSection('Dashboards we used')).toBeUndefined();
  });

  it('uses the playbook table for playbooks', () => {
    expect(matchSection('증상', 'playbook')).toBe('symptoms');
    expect(matchSection('Fixes', 'playbook')).toBe('fixes');
    expect(matchSection('Fixes', 'incident')).toBeUndefined();
  });

  it('has no alias that points at two sections', () => {
    const seen = new Map<string, string>();
    for (const def of INCIDENT_SECTIONS) {
      for (const name of [def.en, def.ko, ...def.aliases]) {
        const key = name.toLowerCase().replace(/[\s\-_.:'’"`*]/g, '');
        if (seen.has(key)) expect(seen.get(key), name).toBe(def.id);
        seen.set(key, def.id);
      }
    }
  });

  it('cleans numbering without eating words', () => {
    expect(cleanHeading('10. Impact')).toBe('Impact');
    expect(cleanHeading('Impact 2024')).toBe('Impact 2024');
  });
});
