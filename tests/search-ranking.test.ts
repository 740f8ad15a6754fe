import { describe, expect, it } from 'vitest';
import { equivalents, ideaOf, looseStem, saysTerm } from '../src/core/glossary.ts';
import { koreanStem } from '../src/core/korean.ts';
import { createSearch, type PagefindResult, relaxed } from '../src/site/search/engine.ts';
import {
  buildPlaybookIndex,
  containsWords,
  matchPlaybooks,
  matchTokens,
  packPlaybookIndex,
  unpackPlaybookIndex,
} from '../src/site/search/playbooks.ts';
import { isNoise, searchTerms } from '../src/site/search/query.ts';

describe('searchTerms: the query as the index spells it', () => {
  it('strips Korean particles and endings, so 인증서가 만료됨 and 인증서 만료 search the same words', () => {
    expect(searchTerms('인증서가 만료됨')).toEqual(['인증서', '만료']);
    expect(searchTerms('인증서 만료')).toEqual(['인증서', '만료']);
    expect(searchTerms('복제 지연으로')).toEqual(['복제', '지연']);
    expect(searchTerms('파드가 OOMKilled로 계속 재시작됨')).toEqual(['파드', 'OOMKilled', '재시작']);
    expect(searchTerms('컨슈머 랙이 계속 쌓임')).toEqual(['컨슈머', '랙', '쌓임']);
  });

  it('keeps nouns that end like a verb (권한, 제한) and identifiers whole', () => {
    expect(koreanStem('권한이')).toBe('권한');
    expect(koreanStem('제한')).toBe('제한');
    expect(searchTerms('ssh-agent')).toEqual(['ssh-agent']);
    expect(searchTerms('getaddrinfo EAI_AGAIN')).toEqual(['getaddrinfo', 'EAI_AGAIN']);
  });

  it('leaves out stop words and what varies between occurrences of an error, and keeps HTTP statuses', () => {
    expect(searchTerms('too many clients already')).toEqual(['clients', 'already']);
    expect(searchTerms('checkout-7c4d9 OOMKilled exit 137')).toEqual(['OOMKilled', 'exit']);
    expect(searchTerms('sms-gateway 429 Too Many Requests')).toEqual(['sms-gateway', '429', 'Requests']);
    for (const noise of ['10.0.3.7', '30000ms', '14m', 'ip-10-0-31-7', '7d9f8b6c5']) expect(isNoise(noise), noise).toBe(true);
    for (const word of ['x509', 's3', 'ec2', 'HikariPool-1', '502']) expect(isNoise(word), word).toBe(false);
  });

  it('sends at most four words to the index (one chunk each), the most specific ones', () => {
    const terms = searchTerms('org.apache.kafka CommitFailedException: Commit cannot be completed since the group has already rebalanced');
    expect(terms).toHaveLength(4);
    expect(terms).toContain('CommitFailedException');
  });
});

/** A playbook of the index, at its usual URL. */
const source = (id: string, title: string, symptoms: string[], incidentTitles: string[] = []) => ({
  id,
  url: `/playbooks/${id}/`,
  title,
  symptoms,
  incidentTitles,
});

const INDEX = buildPlaybookIndex([
  {
    id: 'postgres-pool',
    url: '/playbooks/postgres-pool/',
    title: 'PostgreSQL 커넥션 풀 고갈',
    symptoms: ['FATAL: sorry, too many clients already', 'HikariPool-1 - Connection is not available, request timed out after 30000ms'],
    incidentTitles: [
      'checkout 요청이 DB 커넥션을 기다리다 타임아웃',
      'orders latency spike after connection pool change',
      '커넥션 풀 설정 변경 후 지연',
    ],
  },
  {
    id: 'postgres-pool-kubernetes',
    url: '/playbooks/postgres-pool-kubernetes/',
    title: 'PostgreSQL: connection pool exhausted (kubernetes)',
    symptoms: ['FATAL: sorry, too many clients already', 'HikariPool-1 - Connection is not available, request timed out after 30000ms'],
    incidentTitles: ['a', 'b', 'c', 'd', 'e'],
  },
  {
    id: 'kafka-lag',
    url: '/playbooks/kafka-lag/',
    title: 'Kafka: consumer lag growing',
    symptoms: ['CommitFailedException', 'kafka_consumergroup_lag'],
    incidentTitles: [
      'Kafka 컨슈머 랙 증가로 billing 이벤트 처리 지연',
      'Kafka 컨슈머 랙 증가로 analytics 이벤트 처리 지연',
      'billing events delayed by growing Kafka consumer lag',
    ],
  },
  {
    id: 'k8s-oom',
    url: '/playbooks/k8s-oom/',
    title: 'Kubernetes: pods OOMKilled',
    symptoms: ['OOMKilled', 'Back-off restarting failed container', 'config validation failed'],
    incidentTitles: [],
  },
]);

describe('the playbook index', () => {
  it('matches words in order, also when written together', () => {
    expect(containsWords(matchTokens('FATAL: sorry, too many clients already'), matchTokens('too many clients already'))).toBe(true);
    expect(containsWords(matchTokens('CrashLoopBackOff'), matchTokens('crashloop backoff'))).toBe(true);
    expect(containsWords(matchTokens('too many clients already'), matchTokens('clients too many'))).toBe(false);
  });

  it('puts a playbook first when the query is part of its symptom, the general playbook before its variant', () => {
    const m = matchPlaybooks('too many clients already', INDEX);
    expect(m.map((x) => x.id)).toEqual(['postgres-pool', 'postgres-pool-kubernetes']);
    expect(m[0]).toMatchObject({ by: 'symptom', symptom: 'FATAL: sorry, too many clients already' });
  });

  it('puts a playbook first when the query (a log line) contains its symptom', () => {
    const line = 'ip-10-0-31-7 checkout[4]: HikariPool-1 - Connection is not available, request timed out after 30000ms.';
    expect(matchPlaybooks(line, INDEX)[0]?.id).toBe('postgres-pool');
    expect(matchPlaybooks('org.apache.kafka.clients.consumer.CommitFailedException: Commit cannot be completed', INDEX)[0]?.id).toBe(
      'kafka-lag',
    );
  });

  it('finds an English playbook from Korean words through the incidents that used it', () => {
    expect(matchPlaybooks('컨슈머 랙이 계속 쌓임', INDEX)[0]).toMatchObject({ id: 'kafka-lag', by: 'words' });
  });

  it('finds a playbook asked about in the other language, or in other words, through the glossary', () => {
    const index = buildPlaybookIndex([
      source('tls', 'TLS certificate expired', ['x509: certificate has expired']),
      source('disk', 'Disk full: No space left on device', ['ENOSPC']),
      source('lag', 'DB 복제 지연과 오래된 데이터 조회', ['Seconds_Behind_Master']),
      source('ntp', '시계 오차: NTP 동기화 실패', ['clock skew detected']),
      source('ssh', 'SSH: Permission denied (publickey)', ['Permission denied (publickey)']),
    ]);
    // Before the glossary none of these found its playbook: no word of the query is a word of the playbook.
    expect(matchPlaybooks('https 인증서 유효기간 지남', index)[0]?.id).toBe('tls');
    expect(matchPlaybooks('서버 저장 공간이 꽉 찼어요', index)[0]?.id).toBe('disk');
    expect(matchPlaybooks('replica behind primary, users see outdated rows', index)[0]?.id).toBe('lag');
    expect(matchPlaybooks('server time drifted, time sync broken', index)[0]?.id).toBe('ntp');
    // A word the glossary does not know still matches only itself.
    expect(matchPlaybooks('banana export', index)).toEqual([]);
  });

  it('puts the general playbook right before a variant the query does not ask for, even when the variant has more of its words', () => {
    const index = buildPlaybookIndex([
      source('disk-full', 'Disk full', ['ENOSPC']),
      // Its incidents happen to say "server" too; the general playbook's do not.
      source('disk-full-edge', 'Disk full (edge)', ['ENOSPC'], ['서버 디스크 가득', '서버 디스크 가득', '서버 디스크 가득']),
      source('kafka-lag', 'Kafka consumer lag', ['CommitFailedException']),
      source('disk-full-cleanup', 'Disk cleanup (edge)', ['du -sh']),
    ]);
    expect(matchPlaybooks('서버 디스크 가득 참', index).map((m) => m.id)).toEqual(['disk-full', 'disk-full-edge']);
    // Asked for, the variant keeps its place.
    expect(matchPlaybooks('서버 디스크 가득 참 edge', index)[0]?.id).toBe('disk-full-edge');
    // An id that extends another without a symptom in common is not its variant.
    expect(matchPlaybooks('disk cleanup', index).map((m) => m.id)).not.toContain('disk-full');
  });

  it('puts a variant first when the query names its qualifier, also in other words (k8s for kubernetes)', () => {
    const index = buildPlaybookIndex([
      source('cpu', 'CPU throttling', ['nr_throttled'], ['a', 'b', 'c']),
      source('cpu-kubernetes', 'CPU throttling (kubernetes)', ['nr_throttled']),
    ]);
    expect(matchPlaybooks('cpu throttling', index).map((m) => m.id)).toEqual(['cpu', 'cpu-kubernetes']);
    expect(matchPlaybooks('k8s cpu throttling', index)[0]?.id).toBe('cpu-kubernetes');
    expect(matchPlaybooks('쿠버네티스 cpu 스로틀링', index)[0]?.id).toBe('cpu-kubernetes');
  });

  it('does not answer a word that names nothing on its own', () => {
    expect(matchPlaybooks('failed', INDEX)).toEqual([]);
    expect(matchPlaybooks('', INDEX)).toEqual([]);
  });
});

describe('the glossary', () => {
  it('gives the words for the same idea in both languages, and nothing for a word it does not know', () => {
    expect(equivalents('expired')).toEqual(expect.arrayContaining(['만료', '유효기간', 'expiry']));
    expect(equivalents('만료됨')).toEqual(expect.arrayContaining(['expired']));
    expect(equivalents('drifted')).toEqual(expect.arrayContaining(['skew', '오차']));
    expect(equivalents('밀림')).toEqual(expect.arrayContaining(['lag', 'backlog']));
    expect(equivalents('kubernetes')).toEqual(expect.arrayContaining(['k8s', '쿠버네티스']));
    expect(equivalents('banana')).toEqual([]);
    // Korean by its longest start in the glossary: 인증서 is a certificate, 인증 authentication.
    expect(ideaOf('인증서가')).toBe('certificate / 인증서');
    expect(ideaOf('인증')).toBe('authentication / 인증');
    expect(ideaOf('Expired')).toBe(ideaOf('만료'));
    expect(ideaOf('banana')).toBeUndefined();
    // Words every incident uses are not equated: they would only add noise.
    expect(equivalents('error')).toEqual([]);
    expect(equivalents('서버')).toEqual([]);
  });

  it('compares English by a loose stem and Korean by its start', () => {
    expect(looseStem('drifted')).toBe('drift');
    expect(looseStem('slowest')).toBe('slow');
    expect(looseStem('access')).toBe('access');
    // A silent e, and three letters before -ing and -ed: pile, piled and piling meet.
    expect(new Set(['pile', 'piled', 'piling'].map(looseStem))).toEqual(new Set(['pil']));
    expect(looseStem('throttled')).toBe(looseStem('throttle'));
    expect(saysTerm('rollbacks', 'rollback')).toBe(true);
    expect(saysTerm('밀리고', '밀리')).toBe(true);
    expect(saysTerm('밀', '밀리')).toBe(false);
    expect(saysTerm('cpu', 'cpus')).toBe(false);
  });
});

const result = (id: string, score: number, url = `/incidents/${id}/`): PagefindResult => ({
  id,
  score,
  data: async () => ({ url, meta: { title: id } }),
});

describe('the search', () => {
  it('ranks pages with some of the words after the pages with all of them, rarer words first', () => {
    const ranked = relaxed(
      [result('all', 1)],
      [
        [result('all', 1), result('a', 1), result('ab', 1)],
        [result('ab', 1), result('b', 2)],
      ],
    );
    expect(ranked.map((r) => r.id)).toEqual(['all', 'ab', 'b', 'a']);
  });

  it('puts the matched playbook first, moved from its place or taken from the playbook index', async () => {
    const searched: string[] = [];
    const pagefind = {
      async search(term: string | null) {
        searched.push(String(term));
        return {
          results: [result('i1', 9), result('i2', 8), result('pb', 1, '/playbooks/postgres-pool-kubernetes/')],
          unfilteredResultCount: 3,
        };
      },
    };
    const search = createSearch(pagefind, async () => INDEX);
    const r = (await search('too many clients already'))!;
    expect(searched[0]).toBe('clients already');
    const urls = await Promise.all(r.results.map(async (x) => (await x.data()).url));
    expect(urls).toEqual(['/playbooks/postgres-pool/', '/playbooks/postgres-pool-kubernetes/', '/incidents/i1/', '/incidents/i2/']);
    // A filter the playbooks do not carry, or an order by date, leaves Pagefind's ranking alone.
    const filtered = (await search('too many clients already', { filters: { severity: ['SEV1'] } }))!;
    expect(filtered.playbooks).toEqual([]);
  });
});

describe('the playbook index as sent', () => {
  it('reads back to the same index, without the URLs and with word positions as differences', () => {
    const packed = packPlaybookIndex(INDEX, '/playbooks/');
    expect(JSON.parse(JSON.stringify(packed)).version).toBe(2);
    expect(JSON.stringify(packed)).not.toContain('/playbooks/postgres-pool/');
    const back = unpackPlaybookIndex(packed);
    expect(back.playbooks.map((p) => [p[0], p[1], p[2], p[3], p[4], [...p[5]].sort((a, b) => a - b)])).toEqual(
      INDEX.playbooks.map((p) => [p[0], p[1], p[2], p[3], p[4], [...p[5]].sort((a, b) => a - b)]),
    );
    expect(matchPlaybooks('Permission denied (publickey)', back)).toEqual(matchPlaybooks('Permission denied (publickey)', INDEX));
  });

  it("keeps a sub-path deploy's URLs, and refuses a URL it could not rebuild", () => {
    const kb = buildPlaybookIndex([{ id: 'x', url: '/kb/playbooks/x/', title: 'X', symptoms: [], incidentTitles: [] }]);
    expect(unpackPlaybookIndex(packPlaybookIndex(kb, '/kb/playbooks/')).playbooks[0]![1]).toBe('/kb/playbooks/x/');
    expect(() => packPlaybookIndex(kb, '/playbooks/')).toThrow(/is not \/playbooks\/x\//);
  });
});
