import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseEntry } from '../src/core/entry.ts';
import { KOREAN_PARTICLES, koreanSearchTerms, stripParticle } from '../src/core/korean.ts';
import { errorLines } from '../src/core/errors.ts';
import { SEARCH_FILTERS, SEARCH_RANKING, searchRecord } from '../src/site/search/record.ts';

const SEED = 'tests/fixtures/search/incidents/2019-02-15-keypair-permission-denied.md';
const PLAYBOOK = 'tests/fixtures/search/playbooks/ssh-permission-denied-publickey.md';

function load(path: string) {
  const text = readFileSync(path, 'utf8');
  const parsed = parseEntry(text, path);
  return { data: parsed.data as never, body: text.slice(text.indexOf('\n---', 3) + 4) };
}

describe('stripParticle', () => {
  it.each([
    ['권한이', '권한'],
    ['키페어가', '키페어'],
    ['서버에서', '서버'],
    ['에이전트의', '에이전트'],
    ['인스턴스로', '인스턴스'],
    ['배스천으로', '배스천'],
    ['키를', '키'],
    ['목록은', '목록'],
    ['사용자에게', '사용자'],
    ['원인이었다', '원인'],
  ])('%s → %s', (word, stem) => {
    expect(stripParticle(word)).toBe(stem);
  });
  it.each(['권한', '키', 'ssh-agent에', 'SSH', '이', '가'])('leaves %s alone', (word) => {
    expect(stripParticle(word)).toBe(word);
  });
  it('strips the first particle of the list that ends the word (the indexed lookup agrees with a plain scan)', () => {
    const scan = (word: string) => {
      if (!/^[\uAC00-\uD7A3]+$/.test(word)) return word;
      const p = KOREAN_PARTICLES.find((x) => word.length > x.length && word.endsWith(x));
      return p ? word.slice(0, -p.length) : word;
    };
    const syllable = fc.constantFrom('권', '한', '서', '버', '키', '이', '었', '다', '에', '게', '로', '으', '는', 'a', '-');
    const word = fc
      .tuple(fc.array(syllable, { minLength: 1, maxLength: 4 }), fc.constantFrom('', ...KOREAN_PARTICLES))
      .map(([s, p]) => s.join('') + p);
    fc.assert(
      fc.property(word, (w) => stripParticle(w) === scan(w)),
      { numRuns: 2000 },
    );
  });
});

describe('koreanSearchTerms', () => {
  it('adds the stems of words that carry a particle', () => {
    const terms = koreanSearchTerms('파일 권한이 잘못되어 키페어가 거부됨');
    expect(terms).toContain('권한');
    expect(terms).toContain('키페어');
  });
  it('closes up a spaced compound noun, so 키페어 finds 키 페어', () => {
    expect(koreanSearchTerms('문제없이 쓰던 키 페어로 접속')).toContain('키페어');
    expect(koreanSearchTerms('공개 키 인증이 거부될 때')).toContain('공개키');
  });
  it('does not close up after a word that carries a particle or a verb ending', () => {
    const terms = koreanSearchTerms('서버에 키를 등록했다 다시 접속했다');
    expect(terms).not.toContain('서버키');
    expect(terms).not.toContain('등록했다다시');
  });
  it('leaves out terms that are already words of the text, and English', () => {
    const terms = koreanSearchTerms('권한이 ssh-agent permission denied 권한');
    expect(terms).toEqual([]);
  });
  it('finds 키페어 in the seed incident, which only ever writes 키 페어', () => {
    const seed = readFileSync(SEED, 'utf8');
    expect(seed).not.toContain('키페어');
    expect(koreanSearchTerms(seed)).toContain('키페어');
  });
});

describe('errorLines', () => {
  it('takes error lines from code blocks only, once each', () => {
    const md = [
      'Permission denied in prose is not a log line.',
      '```bash',
      '$ ssh centos@10.0.45.159',
      'centos@10.0.45.159: Permission denied (publickey).',
      'centos@10.0.45.159: Permission denied (publickey).',
      '```',
      '~~~',
      'ERROR: connection refused',
      '~~~',
    ].join('\n');
    expect(errorLines(md)).toEqual(['centos@10.0.45.159: Permission denied (publickey).', 'ERROR: connection refused']);
  });
});

describe('searchRecord', () => {
  it('gives an incident every filter, the date sort key and its result metadata', () => {
    const { data, body } = load(SEED);
    const r = searchRecord('incident', data, body);
    expect(Object.keys(r.filters)).toEqual([...SEARCH_FILTERS]);
    expect(r.filters).toMatchObject({
      type: ['incident'],
      severity: ['SEV3'],
      service: ['ec2', 'ssh'],
      status: ['review'],
      category: ['human-process'],
      year: ['2019'],
    });
    expect(r.sort).toEqual({ date: '2019-02-15' });
    expect(r.meta).toMatchObject({ id: 'INC-2019-001', type: 'incident', severity: 'SEV3', date: '2019-02-15' });
    expect(r.meta.summary).toMatch(/^오래 써 온 EC2 키 페어/);
    expect(r.meta.errors).toContain('centos@10.0.45.159: Permission denied (publickey,gssapi-keyex,gssapi-with-mic).');
    expect(r.meta.terms!.split(' ')).toContain('키페어');
  });
  it('gives a playbook its symptoms as a weighted field, and no severity or year', () => {
    const { data, body } = load(PLAYBOOK);
    const r = searchRecord('playbook', data, body);
    expect(r.filters.type).toEqual(['playbook']);
    expect(r.filters.severity).toBeUndefined();
    expect(r.filters.year).toBeUndefined();
    expect(r.meta.symptoms!.split('\n')).toContain('Permission denied (publickey,gssapi-keyex,gssapi-with-mic)');
    expect(r.sort.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(SEARCH_RANKING.metaWeights.symptoms).toBeGreaterThan(SEARCH_RANKING.metaWeights.title);
  });
});
