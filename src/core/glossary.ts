/**
 * A small bilingual glossary of operations words: each line is one idea, in
 * the English words and the Korean words an engineer uses for it (`disk`,
 * `storage`, `디스크`, `저장소`…). Search uses it so that a question asked in
 * one language finds a playbook written in the other (`https 인증서 유효기간
 * 지남` → "TLS certificate expired"), and one wording finds another
 * (`outdated` → `stale`, `revert` → `rollback`).
 *
 * Words are compared as `similarityWords` writes them (lowercase, Korean
 * without its particle), English loosely by stem (`drifted` is `drift`,
 * `slowest` is `slow`), Korean by prefix (`밀림`, `밀리고` start with `밀리`/`밀림`).
 * A group is an idea, not a dictionary entry: keep it to words an incident
 * title would use for that idea, or it pulls in the wrong playbooks. Words
 * that every incident uses (error, failed, server, user, request, data) are
 * left out on purpose: equating them only adds noise.
 * Pure, and free of top-level work beyond building one map.
 */
import { HANGUL_ONLY } from './korean.ts';

const GROUPS: readonly string[] = [
  // resources
  'disk storage volume filesystem 디스크 저장 저장소 저장공간 스토리지 볼륨 파일시스템',
  'space capacity 공간 용량',
  'full filled exhausted exhaustion 가득 꽉 고갈 부족 소진',
  'memory ram heap 메모리 힙',
  'oom oomkilled 메모리부족',
  'cpu processor 프로세서 씨피유',
  'throttling throttled throttle limit 스로틀링 스로틀 제한 한도',
  'leak leaking 누수',
  'inode 아이노드',
  // speed and time
  'slow slowness latency sluggish 지연 느림 느려 느리 레이턴시',
  'lag behind backlog piled 랙 밀림 밀리 적체 밀려',
  'timeout deadline 타임아웃 시간초과',
  'clock time 시계 시간 시각',
  'skew drift drifted offset 오차 어긋 틀어',
  'sync synchronization synchronized ntp chrony 동기화',
  'stale outdated old 오래 낡은',
  // failure words
  'outage down unavailable 장애 중단 다운 불가',
  'crash crashed crashloop restart restarted 크래시 재시작 죽음 죽',
  'stuck hung hang frozen stalled 멈춤 멈춰 정지 먹통',
  'broken bad wrong faulty 잘못 망가',
  'spike surge burst storm 급증 폭주 폭증',
  'loss lost missing 유실 손실 누락',
  'duplicate duplicated 중복',
  'corruption corrupted 손상 깨짐',
  // security and access
  'certificate cert x509 인증서',
  'expired expiry expiration expire 만료 유효기간 지남',
  'tls ssl https 보안연결',
  'permission access privilege 권한 접근',
  'denied forbidden rejected refused accessdenied 403 거부 거절 차단',
  'authentication auth login 인증 로그인',
  'token credential 토큰 자격증명',
  'policy role iam 정책 역할',
  'secret password 시크릿 비밀번호 암호',
  'key keypair publickey 키',
  // data stores
  'database db 데이터베이스 디비',
  'replica replication replicated slave standby secondary follower 복제 레플리카 슬레이브 스탠바이 세컨더리',
  'primary master leader 프라이머리 마스터 리더',
  'connection connect 연결 커넥션 접속',
  'pool 풀',
  'query 쿼리',
  'index 인덱스 색인',
  'lock deadlock 락 잠금 교착',
  'cache 캐시',
  'eviction evicted 축출 퇴출',
  'backup 백업',
  'restore recovery 복구 복원',
  'migration 마이그레이션 이관',
  'read reads 읽기 조회',
  'write writes 쓰기 기록',
  // messaging and jobs
  'kafka 카프카',
  'redis 레디스',
  'postgres postgresql 포스트그레스 포스트그레스큐엘',
  'mysql 마이에스큐엘',
  'nginx 엔진엑스',
  'elasticsearch 엘라스틱서치',
  'rabbitmq 래빗엠큐',
  'queue 큐 대기열',
  'message 메시지',
  'consumer consume consuming 컨슈머 소비',
  'producer 프로듀서 생산자',
  'rebalance 리밸런스',
  'worker 워커',
  'job task 작업 잡',
  'batch 배치',
  'cron schedule scheduled 크론 스케줄',
  'email mail 이메일 메일',
  'notification alert 알림 경보',
  // network
  'network 네트워크',
  'dns resolve resolver resolution hostname nslookup nxdomain servfail 도메인 네임서버 호스트네임',
  'gateway proxy 게이트웨이 프록시',
  'loadbalancer lb 로드밸런서',
  'ingress 인그레스',
  'packet 패킷',
  'firewall 방화벽',
  // platform
  'node 노드',
  'pod 파드',
  'container 컨테이너',
  'cluster 클러스터',
  'kubernetes k8s 쿠버네티스',
  'deploy deployment release rollout push pushed 배포 릴리스 반영',
  'rollback revert 롤백 되돌리 원복',
  'config configuration setting settings 설정 구성 컨피그',
  'scale scaling autoscaling autoscaler 스케일 확장 오토스케일링',
  'log logs logging 로그',
  'rotation rotate renew renewal 로테이션 교체 갱신',
  'dashboard monitoring metric metrics 대시보드 모니터링 지표 메트릭',
  // product
  'payment billing checkout 결제 과금',
  'traffic 트래픽',
];

/** An English word's loose stem: `drifted`, `drifting`, `drifts` → `drift`. Korean is returned as it is. */
export function looseStem(word: string): string {
  const w = word.toLowerCase();
  if (HANGUL_ONLY.test(w) || w.length <= 3) return w;
  let stem = w;
  for (const suffix of ['ations', 'ation', 'ings', 'ing', 'est', 'ies', 'ied', 'ed', 'er', 'es', 's', 'y']) {
    if (suffix === 's' && w.endsWith('ss')) continue;
    // `piling` → `pil`: three letters are enough before -ing and -ed, four before the rest.
    const min = suffix === 'ing' || suffix === 'ed' ? 3 : 4;
    if (w.endsWith(suffix) && w.length - suffix.length >= min) {
      stem = w.slice(0, -suffix.length);
      break;
    }
  }
  // A silent e goes too, so `pile`, `piled` and `piling` meet at `pil`, `throttle` and `throttled` at `throttl`.
  return stem.length > 3 && stem.endsWith('e') ? stem.slice(0, -1) : stem;
}

/** Does the (normalised) word `word` say the glossary term `term`? */
export function saysTerm(word: string, term: string): boolean {
  if (word === term) return true;
  if (HANGUL_ONLY.test(term)) return term.length >= 2 && word.startsWith(term);
  return looseStem(word) === looseStem(term);
}

const groups = GROUPS.map((g) => g.split(/\s+/).filter(Boolean));
const byStem = new Map<string, number[]>();
const byHangul = new Map<string, number[]>();
for (const [i, group] of groups.entries()) {
  for (const term of group) {
    const [map, key] = HANGUL_ONLY.test(term) ? [byHangul, term] : [byStem, looseStem(term)];
    map.set(key, [...(map.get(key) ?? []), i]);
  }
}

/**
 * The ideas (group numbers) `word` says: English by loose stem, Korean by its
 * longest start that is a glossary word (`인증서가` is `인증서`, certificate,
 * not `인증`, authentication), two syllables or more, or the whole word.
 */
function ideas(word: string): number[] {
  const w = word.toLowerCase();
  if (!HANGUL_ONLY.test(w)) return byStem.get(looseStem(w)) ?? [];
  if (w.length === 1) return byHangul.get(w) ?? [];
  for (let end = w.length; end >= 2; end--) {
    const hit = byHangul.get(w.slice(0, end));
    if (hit) return hit;
  }
  return [];
}

/**
 * The glossary words that say what `word` says, in either language, without
 * `word` itself: `expired` → `expiry … 만료 유효기간 지남`; `[]` for a word the
 * glossary does not know.
 */
export function equivalents(word: string): string[] {
  const w = word.toLowerCase();
  const out = new Set<string>();
  for (const i of ideas(w)) for (const t of groups[i]!) if (t !== w) out.add(t);
  return [...out];
}

/** Each line's name: its first English and first Korean word (`expired / 만료`). */
const names = groups.map((group) =>
  [group.find((t) => !HANGUL_ONLY.test(t)), group.find((t) => HANGUL_ONLY.test(t))].filter(Boolean).join(' / '),
);

/**
 * One name for the idea `word` says, the same in both languages: its
 * glossary line's first English and first Korean word (`expired`, `만료됨` →
 * `expired / 만료`); `undefined` for a word the glossary does not know.
 * Similar incidents compare titles by it, so an English and a Korean
 * post-mortem of the same failure share their words.
 */
export function ideaOf(word: string): string | undefined {
  const [first] = ideas(word);
  return first === undefined ? undefined : names[first];
}
