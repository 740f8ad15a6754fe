/**
 * The vocabulary of the synthetic corpus: failure themes an SRE team meets
 * (each one becomes a playbook and the incidents that use it), services,
 * tags, people and sentence templates in English and Korean.
 *
 * `{svc}`, `{svc2}`, `{host}`, `{ip}`, `{n}`, `{pct}`, `{region}`, `{ver}` and
 * `{sym}` are filled in by the generator.
 */

export interface Bilingual {
  en: string;
  ko: string;
}

export interface Step extends Bilingual {
  cmd: string;
}

export interface Theme {
  key: string;
  title: Bilingual;
  incidentTitles: Bilingual[];
  symptoms: string[];
  services: string[];
  tags: string[];
  platforms: string[];
  category: string;
  /** Log lines shown in timeline code blocks. */
  log: string[];
  logLang: string;
  causes: Bilingual[];
  diagnosis: Step[];
  fixes: Step[];
  trigger: Bilingual;
}

export const THEMES: Theme[] = [
  {
    key: 'ssh-permission-denied-publickey',
    title: { en: 'SSH: Permission denied (publickey)', ko: 'SSH 공개 키 인증 거부 (Permission denied)' },
    incidentTitles: [
      {
        en: 'Bastion hop to {svc} hosts refused with Permission denied (publickey)',
        ko: '배스천을 거친 {svc} 호스트 SSH 접속이 Permission denied로 거부됨',
      },
      {
        en: 'Deploy pipeline lost SSH access to {svc} after key rotation',
        ko: '키 교체 후 배포 파이프라인이 {svc} 서버에 SSH 접속하지 못함',
      },
    ],
    symptoms: ['Permission denied (publickey)', 'debug1: No more authentication methods to try.', 'Too many authentication failures'],
    services: ['ssh', 'bastion', 'ec2', 'deploy-pipeline'],
    tags: ['ssh', 'keypair', 'access'],
    platforms: ['linux', 'aws-ec2'],
    category: 'config',
    logLang: 'bash',
    log: [
      'ubuntu@bastion-{n}:~$ ssh centos@{ip}',
      'centos@{ip}: Permission denied (publickey,gssapi-keyex,gssapi-with-mic).',
      'debug1: Trying private key: /home/ubuntu/.ssh/id_rsa',
      'debug1: No more authentication methods to try.',
      'ssh-add -l',
      'The agent has no identities.',
    ],
    causes: [
      { en: 'Key not loaded in ssh-agent', ko: 'ssh-agent에 키가 등록되지 않음' },
      { en: 'authorized_keys overwritten by configuration management', ko: '구성 관리 도구가 authorized_keys를 덮어씀' },
      { en: 'Wrong file modes on ~/.ssh', ko: '~/.ssh 디렉터리 권한 오류' },
    ],
    diagnosis: [
      { en: 'Read the client debug output', ko: '클라이언트 디버그 출력 확인', cmd: 'ssh -vv -i ~/.ssh/deploy.pem ec2-user@{ip}' },
      { en: 'List the keys held by the agent', ko: '에이전트의 키 목록 확인', cmd: 'ssh-add -l -E sha256' },
      {
        en: 'Check the modes on the instance',
        ko: '인스턴스의 파일 권한 확인',
        cmd: "sudo stat -c '%a %U:%G %n' /home/ec2-user/.ssh /home/ec2-user/.ssh/authorized_keys",
      },
    ],
    fixes: [
      {
        en: 'Load the right key into the agent',
        ko: '올바른 키를 에이전트에 등록',
        cmd: 'ssh-add -D\nssh-add ~/.ssh/deploy.pem\nssh-add -l',
      },
      {
        en: 'Restore authorized_keys through Session Manager',
        ko: 'Session Manager로 authorized_keys 복구',
        cmd: 'aws ssm start-session --target i-0{n}abcdef\nchmod 700 ~/.ssh && chmod 600 ~/.ssh/authorized_keys',
      },
    ],
    trigger: { en: 'A key rotation job replaced the deploy key on the bastion.', ko: '키 교체 작업이 배스천의 배포 키를 바꿨다.' },
  },
  {
    key: 'postgres-connection-pool-exhausted',
    title: { en: 'PostgreSQL: connection pool exhausted', ko: 'PostgreSQL 커넥션 풀 고갈' },
    incidentTitles: [
      { en: '{svc} latency spike after connection pool change', ko: '커넥션 풀 설정 변경 후 {svc} 지연 시간 급증' },
      { en: '{svc} requests timed out waiting for database connections', ko: '{svc} 요청이 DB 커넥션을 기다리다 타임아웃' },
    ],
    symptoms: [
      'FATAL: sorry, too many clients already',
      'HikariPool-1 - Connection is not available, request timed out after 30000ms',
      'remaining connection slots are reserved for non-replication superuser connections',
    ],
    services: ['postgres', 'checkout', 'orders', 'pgbouncer'],
    tags: ['database', 'connection-pool', 'latency'],
    platforms: ['kubernetes', 'aws-rds'],
    category: 'capacity',
    logLang: 'text',
    log: [
      '{host} {svc}[{n}]: HikariPool-1 - Connection is not available, request timed out after 30000ms.',
      'postgres[{n}]: FATAL:  sorry, too many clients already',
      'ALERT {svc}_p99_latency > 1s ({pct}s)',
      'pgbouncer: cl_waiting={n} sv_active=100 maxwait=42',
    ],
    causes: [
      { en: 'Pool size lower than the concurrent request count', ko: '동시 요청 수보다 작은 풀 크기' },
      { en: 'Long transactions holding connections', ko: '커넥션을 오래 점유하는 트랜잭션' },
      { en: 'max_connections reached on the primary', ko: '프라이머리의 max_connections 도달' },
    ],
    diagnosis: [
      {
        en: 'Count connections per application',
        ko: '애플리케이션별 커넥션 수 확인',
        cmd: 'psql -c "select application_name, state, count(*) from pg_stat_activity group by 1, 2 order by 3 desc;"',
      },
      {
        en: 'Find long-running transactions',
        ko: '오래 실행 중인 트랜잭션 찾기',
        cmd: 'psql -c "select pid, now() - xact_start as age, query from pg_stat_activity where xact_start is not null order by age desc limit 10;"',
      },
    ],
    fixes: [
      { en: 'Roll back the pool size change', ko: '풀 크기 변경 롤백', cmd: 'deployctl rollback {svc} --to previous-config' },
      {
        en: 'Terminate idle-in-transaction sessions',
        ko: 'idle in transaction 세션 종료',
        cmd: "psql -c \"select pg_terminate_backend(pid) from pg_stat_activity where state = 'idle in transaction' and now() - state_change > interval '5 minutes';\"",
      },
    ],
    trigger: { en: 'A config revision lowered the pool size from 100 to 10.', ko: '설정 리비전이 풀 크기를 100에서 10으로 낮췄다.' },
  },
  {
    key: 'kubernetes-oomkilled',
    title: { en: 'Kubernetes: pods OOMKilled and CrashLoopBackOff', ko: '쿠버네티스 파드 OOMKilled 및 CrashLoopBackOff' },
    incidentTitles: [
      { en: '{svc} pods OOMKilled after release {ver}', ko: '{ver} 배포 후 {svc} 파드가 OOMKilled로 재시작 반복' },
      { en: 'Memory leak in {svc} caused rolling restarts', ko: '{svc} 메모리 누수로 파드가 연쇄 재시작' },
    ],
    symptoms: ['OOMKilled', 'Back-off restarting failed container', 'CrashLoopBackOff'],
    services: ['kubernetes', 'api-gateway', 'search', 'recommendations'],
    tags: ['kubernetes', 'memory', 'oom'],
    platforms: ['kubernetes'],
    category: 'code',
    logLang: 'text',
    log: [
      'NAME                        READY   STATUS             RESTARTS   AGE',
      '{svc}-7d9f8b6c5-x{n}        0/1     CrashLoopBackOff   {n}         14m',
      '    Last State:     Terminated',
      '      Reason:       OOMKilled',
      '      Exit Code:    137',
      'Warning  BackOff  kubelet  Back-off restarting failed container',
    ],
    causes: [
      { en: 'Memory limit below the working set', ko: '워킹셋보다 낮은 메모리 limit' },
      { en: 'Unbounded in-process cache', ko: '크기 제한이 없는 프로세스 내 캐시' },
    ],
    diagnosis: [
      {
        en: 'See why the container restarted',
        ko: '컨테이너 재시작 사유 확인',
        cmd: 'kubectl -n prod describe pod -l app={svc} | grep -A5 "Last State"',
      },
      { en: 'Compare usage with the limit', ko: '사용량과 limit 비교', cmd: 'kubectl -n prod top pod -l app={svc} --containers' },
    ],
    fixes: [
      { en: 'Roll back the release', ko: '릴리스 롤백', cmd: 'kubectl -n prod rollout undo deployment/{svc}' },
      {
        en: 'Raise the memory limit temporarily',
        ko: '메모리 limit 임시 상향',
        cmd: 'kubectl -n prod set resources deployment/{svc} --limits=memory=2Gi',
      },
    ],
    trigger: { en: 'Release {ver} enabled a response cache without a size bound.', ko: '{ver} 릴리스가 크기 제한 없는 응답 캐시를 켰다.' },
  },
  {
    key: 'disk-full-no-space-left',
    title: { en: 'Disk full: No space left on device', ko: '디스크 가득 참: No space left on device' },
    incidentTitles: [
      { en: '{svc} stopped writing after its data volume filled up', ko: '데이터 볼륨이 가득 차 {svc} 쓰기 중단' },
      { en: 'Log rotation failure filled the root disk on {svc} nodes', ko: '로그 로테이션 실패로 {svc} 노드 루트 디스크 고갈' },
    ],
    symptoms: ['No space left on device', 'ENOSPC', 'DiskPressure'],
    services: ['logging', 'kafka', 'elasticsearch', 'ci-runners'],
    tags: ['disk', 'storage', 'logging'],
    platforms: ['linux', 'kubernetes'],
    category: 'capacity',
    logLang: 'bash',
    log: [
      '$ df -h /var',
      'Filesystem      Size  Used Avail Use% Mounted on',
      '/dev/nvme1n1    500G  500G     0 100% /var',
      'write /var/log/{svc}/app.log: no space left on device',
      '$ du -sh /var/log/* | sort -h | tail -3',
    ],
    causes: [
      { en: 'Logs not rotated', ko: '로그가 로테이션되지 않음' },
      { en: 'Retention set longer than the volume allows', ko: '볼륨 용량보다 긴 보존 기간' },
    ],
    diagnosis: [
      { en: 'Find what uses the space', ko: '공간을 차지한 항목 찾기', cmd: 'sudo du -xh /var --max-depth=2 | sort -h | tail -20' },
      { en: 'Look for deleted files still held open', ko: '삭제됐지만 열린 파일 확인', cmd: 'sudo lsof +L1 | head' },
    ],
    fixes: [
      {
        en: 'Free space safely',
        ko: '안전하게 공간 확보',
        cmd: 'sudo journalctl --vacuum-size=1G\nsudo find /var/log/{svc} -name "*.gz" -mtime +7 -delete',
      },
      {
        en: 'Grow the volume',
        ko: '볼륨 확장',
        cmd: 'aws ec2 modify-volume --volume-id vol-0{n} --size 1000\nsudo growpart /dev/nvme1n1 1 && sudo resize2fs /dev/nvme1n1p1',
      },
    ],
    trigger: {
      en: 'A debug log level left on after a previous incident tripled log volume.',
      ko: '이전 장애 때 켠 디버그 로그 레벨이 그대로 남아 로그량이 세 배가 됐다.',
    },
  },
  {
    key: 'tls-certificate-expired',
    title: { en: 'TLS certificate expired', ko: 'TLS 인증서 만료' },
    incidentTitles: [
      { en: 'Expired certificate on {svc} broke client connections', ko: '{svc} 인증서 만료로 클라이언트 연결 실패' },
      { en: 'Internal CA rotation left {svc} with an untrusted chain', ko: '내부 CA 교체 후 {svc} 인증서 체인 신뢰 실패' },
    ],
    symptoms: [
      'x509: certificate has expired or is not yet valid',
      'SSL routines::certificate verify failed',
      'NET::ERR_CERT_DATE_INVALID',
    ],
    services: ['ingress-nginx', 'api-gateway', 'cdn', 'auth'],
    tags: ['tls', 'certificates', 'expiry'],
    platforms: ['kubernetes', 'linux'],
    category: 'human-process',
    logLang: 'text',
    log: [
      'curl: (60) SSL certificate problem: certificate has expired',
      'x509: certificate has expired or is not yet valid: current time {date}T00:0{d}:12Z is after {date}T00:00:00Z',
      'notAfter={date} 00:00:00 GMT',
    ],
    causes: [
      { en: 'Renewal job failed silently', ko: '갱신 작업이 조용히 실패' },
      { en: 'Certificate installed by hand outside cert-manager', ko: 'cert-manager 밖에서 수동 설치한 인증서' },
    ],
    diagnosis: [
      {
        en: 'Read the served certificate dates',
        ko: '제공 중인 인증서 기간 확인',
        cmd: 'echo | openssl s_client -connect {svc}.example.com:443 -servername {svc}.example.com 2>/dev/null | openssl x509 -noout -dates',
      },
      { en: 'Check cert-manager status', ko: 'cert-manager 상태 확인', cmd: 'kubectl get certificate -A | grep -v True' },
    ],
    fixes: [
      {
        en: 'Renew and reload',
        ko: '갱신 후 리로드',
        cmd: 'cmctl renew -n prod {svc}-tls\nkubectl -n prod rollout restart deployment/{svc}',
      },
    ],
    trigger: { en: 'The certificate reached its notAfter date at midnight UTC.', ko: '인증서가 UTC 자정에 만료 시각에 도달했다.' },
  },
  {
    key: 'dns-resolution-failure',
    title: { en: 'DNS resolution failures (SERVFAIL, NXDOMAIN)', ko: 'DNS 이름 해석 실패 (SERVFAIL, NXDOMAIN)' },
    incidentTitles: [
      { en: 'Intermittent DNS failures between {svc} and {svc2}', ko: '{svc}와 {svc2} 사이 간헐적 DNS 해석 실패' },
      { en: 'CoreDNS overload made {svc} unreachable', ko: 'CoreDNS 과부하로 {svc}에 접근 불가' },
    ],
    symptoms: ['getaddrinfo EAI_AGAIN', 'SERVFAIL', 'i/o timeout reading from udp 10.96.0.10:53'],
    services: ['coredns', 'kubernetes', 'route53', 'payments'],
    tags: ['dns', 'network', 'kubernetes'],
    platforms: ['kubernetes', 'aws'],
    category: 'infrastructure',
    logLang: 'text',
    log: [
      'Error: getaddrinfo EAI_AGAIN {svc2}.prod.svc.cluster.local',
      '[ERROR] plugin/errors: 2 {svc2}.prod.svc.cluster.local. A: read udp 10.244.{n}.3:41236->10.0.0.2:53: i/o timeout',
      ';; ->>HEADER<<- opcode: QUERY, status: SERVFAIL, id: {n}',
    ],
    causes: [
      { en: 'conntrack table full on nodes', ko: '노드의 conntrack 테이블 포화' },
      { en: 'Too few CoreDNS replicas', ko: 'CoreDNS 레플리카 부족' },
    ],
    diagnosis: [
      {
        en: 'Resolve from inside a pod',
        ko: '파드 안에서 이름 해석',
        cmd: 'kubectl run -it --rm dnsutils --image=registry.k8s.io/e2e-test-images/jessie-dnsutils -- dig {svc2}.prod.svc.cluster.local',
      },
      {
        en: 'Check conntrack usage',
        ko: 'conntrack 사용량 확인',
        cmd: 'sudo sysctl net.netfilter.nf_conntrack_count net.netfilter.nf_conntrack_max',
      },
    ],
    fixes: [
      { en: 'Scale CoreDNS', ko: 'CoreDNS 확장', cmd: 'kubectl -n kube-system scale deployment coredns --replicas=6' },
      { en: 'Enable NodeLocal DNSCache', ko: 'NodeLocal DNSCache 활성화', cmd: 'kubectl apply -f nodelocaldns.yaml' },
    ],
    trigger: {
      en: 'A batch job opened thousands of short-lived connections per second.',
      ko: '배치 작업이 초당 수천 개의 짧은 연결을 열었다.',
    },
  },
  {
    key: 'kafka-consumer-lag',
    title: { en: 'Kafka: consumer lag growing', ko: 'Kafka 컨슈머 랙 증가' },
    incidentTitles: [
      { en: '{svc} events delayed by growing Kafka consumer lag', ko: 'Kafka 컨슈머 랙 증가로 {svc} 이벤트 처리 지연' },
      { en: 'Rebalance storm stalled {svc} consumers', ko: '리밸런스 폭주로 {svc} 컨슈머 정지' },
    ],
    symptoms: ['kafka_consumergroup_lag', 'Member consumer-{n} sending LeaveGroup request to coordinator', 'CommitFailedException'],
    services: ['kafka', 'notifications', 'billing', 'analytics'],
    tags: ['kafka', 'queue', 'lag'],
    platforms: ['kubernetes'],
    category: 'code',
    logLang: 'text',
    log: [
      'GROUP           TOPIC          PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG',
      '{svc}-consumer  {svc}.events   3          18{n}0412       18{n}9921       {n}9509',
      'org.apache.kafka.clients.consumer.CommitFailedException: Commit cannot be completed since the group has already rebalanced',
    ],
    causes: [
      { en: 'Processing slower than max.poll.interval.ms', ko: '처리 시간이 max.poll.interval.ms 초과' },
      { en: 'Partition count below consumer count', ko: '컨슈머 수보다 적은 파티션 수' },
    ],
    diagnosis: [
      {
        en: 'Describe the consumer group',
        ko: '컨슈머 그룹 상태 확인',
        cmd: 'kafka-consumer-groups.sh --bootstrap-server kafka:9092 --describe --group {svc}-consumer',
      },
    ],
    fixes: [
      {
        en: 'Raise max.poll.interval.ms and lower max.poll.records',
        ko: 'max.poll.interval.ms 상향, max.poll.records 하향',
        cmd: 'kubectl -n prod set env deployment/{svc}-consumer KAFKA_MAX_POLL_RECORDS=100 KAFKA_MAX_POLL_INTERVAL_MS=600000',
      },
    ],
    trigger: {
      en: 'A slow downstream API made each batch exceed the poll interval.',
      ko: '느려진 하위 API 때문에 배치 처리 시간이 폴링 간격을 넘었다.',
    },
  },
  {
    key: 'redis-latency-evictions',
    title: { en: 'Redis: latency and evictions', ko: 'Redis 지연 및 키 축출' },
    incidentTitles: [
      { en: 'Redis evictions emptied the {svc} session cache', ko: 'Redis 키 축출로 {svc} 세션 캐시 소실' },
      { en: 'A KEYS command blocked Redis for {svc}', ko: 'KEYS 명령이 {svc}용 Redis를 블로킹' },
    ],
    symptoms: [
      "OOM command not allowed when used memory > 'maxmemory'",
      'redis_evicted_keys_total',
      'LOADING Redis is loading the dataset in memory',
    ],
    services: ['redis', 'sessions', 'auth', 'cart'],
    tags: ['redis', 'cache', 'latency'],
    platforms: ['aws-elasticache', 'kubernetes'],
    category: 'capacity',
    logLang: 'text',
    log: [
      '127.0.0.1:6379> INFO stats',
      'evicted_keys:{n}2311',
      'used_memory_human:12.{n}G',
      'maxmemory_policy:allkeys-lru',
      "(error) OOM command not allowed when used memory > 'maxmemory'.",
    ],
    causes: [
      { en: 'Keys written without TTL', ko: 'TTL 없이 저장된 키' },
      { en: 'O(N) commands on a large keyspace', ko: '큰 키스페이스에 대한 O(N) 명령' },
    ],
    diagnosis: [
      {
        en: 'Read memory and eviction stats',
        ko: '메모리와 축출 통계 확인',
        cmd: 'redis-cli -h {svc}-redis INFO memory | grep -E "used_memory_human|maxmemory"\nredis-cli -h {svc}-redis INFO stats | grep evicted',
      },
      { en: 'Find slow commands', ko: '느린 명령 찾기', cmd: 'redis-cli -h {svc}-redis SLOWLOG GET 20' },
    ],
    fixes: [
      { en: 'Rename dangerous commands', ko: '위험한 명령 비활성화', cmd: 'rename-command KEYS ""\nrename-command FLUSHALL ""' },
      {
        en: 'Scale the node type',
        ko: '노드 타입 확장',
        cmd: 'aws elasticache modify-replication-group --replication-group-id {svc} --cache-node-type cache.r6g.xlarge --apply-immediately',
      },
    ],
    trigger: { en: 'A new feature stored per-request keys without a TTL.', ko: '신규 기능이 요청마다 TTL 없는 키를 저장했다.' },
  },
  {
    key: 'http-502-bad-gateway',
    title: { en: 'HTTP 502 Bad Gateway from the load balancer', ko: '로드 밸런서의 HTTP 502 Bad Gateway' },
    incidentTitles: [
      { en: '502 errors on {svc} during deploy', ko: '배포 중 {svc}에서 502 오류 발생' },
      { en: 'Keep-alive mismatch caused 502s between ALB and {svc}', ko: 'ALB와 {svc} 간 keep-alive 불일치로 502 발생' },
    ],
    symptoms: [
      '502 Bad Gateway',
      'upstream prematurely closed connection while reading response header from upstream',
      'HTTPCode_ELB_502_Count',
    ],
    services: ['ingress-nginx', 'alb', 'web', 'checkout'],
    tags: ['http', 'load-balancer', 'deploy'],
    platforms: ['aws', 'kubernetes'],
    category: 'config',
    logLang: 'text',
    log: [
      '{date}T14:0{d}:11Z [error] 31#31: *{n}91 upstream prematurely closed connection while reading response header from upstream, client: 10.0.{d}.7, server: {svc}.example.com',
      '10.0.{d}.7 - - "GET /api/v1/{svc} HTTP/1.1" 502 150 "-" "okhttp/4.9.3"',
    ],
    causes: [
      { en: "Upstream idle timeout shorter than the load balancer's", ko: '업스트림 유휴 타임아웃이 로드 밸런서보다 짧음' },
      { en: 'Pods removed before the load balancer drained them', ko: '로드 밸런서가 연결을 정리하기 전에 파드 종료' },
    ],
    diagnosis: [
      {
        en: 'Count 502s by target',
        ko: '대상별 502 집계',
        cmd: "aws logs insights query --query-string 'filter elb_status_code = 502 | stats count() by target_ip'",
      },
    ],
    fixes: [
      { en: 'Add a preStop delay', ko: 'preStop 지연 추가', cmd: 'lifecycle:\n  preStop:\n    exec:\n      command: ["sleep", "15"]' },
      { en: 'Align keep-alive timeouts', ko: 'keep-alive 타임아웃 정렬', cmd: 'keepalive_timeout 75s;' },
    ],
    trigger: {
      en: 'A rolling deploy terminated pods that still had open connections.',
      ko: '롤링 배포가 연결이 남아 있는 파드를 종료했다.',
    },
  },
  {
    key: 'third-party-api-outage',
    title: { en: 'Third-party API outage or rate limiting', ko: '외부 API 장애 또는 호출 제한' },
    incidentTitles: [
      { en: 'Payment provider outage failed {svc} transactions', ko: '결제 대행사 장애로 {svc} 거래 실패' },
      { en: '{svc} hit the partner API rate limit', ko: '{svc}가 파트너 API 호출 한도에 도달' },
    ],
    symptoms: ['429 Too Many Requests', '503 Service Unavailable', 'circuit breaker OPEN'],
    services: ['payments', 'sms-gateway', 'maps', 'shipping'],
    tags: ['dependency', 'third-party', 'rate-limit'],
    platforms: ['saas'],
    category: 'dependency',
    logLang: 'json',
    log: [
      '{"level":"error","service":"{svc}","msg":"provider call failed","status":429,"retry_after":"{d}0","attempt":3}',
      '{"level":"warn","service":"{svc}","msg":"circuit breaker OPEN","failures":{n},"window":"60s"}',
    ],
    causes: [
      { en: 'Retries without backoff multiplied traffic', ko: '백오프 없는 재시도로 트래픽 증폭' },
      { en: 'Provider incident', ko: '제공사 장애' },
    ],
    diagnosis: [
      {
        en: 'Check the provider status page and our error rate',
        ko: '제공사 상태 페이지와 오류율 확인',
        cmd: 'curl -s https://status.provider.example.com/api/v2/status.json | jq .status',
      },
    ],
    fixes: [{ en: 'Switch to the fallback provider', ko: '대체 제공사로 전환', cmd: 'featurectl set {svc}.provider fallback --env prod' }],
    trigger: {
      en: 'The provider started returning 503 for a quarter of requests.',
      ko: '제공사가 요청의 4분의 1에 503을 반환하기 시작했다.',
    },
  },
  {
    key: 'bad-config-deploy-rollback',
    title: { en: 'Bad config deploy: roll back first', ko: '잘못된 설정 배포: 먼저 롤백' },
    incidentTitles: [
      { en: 'Feature flag change disabled {svc} for all users', ko: '기능 플래그 변경으로 {svc}가 전체 사용자에게 비활성화' },
      { en: 'Malformed config pushed to {svc} in every region', ko: '잘못된 설정이 모든 리전의 {svc}에 배포' },
    ],
    symptoms: ['config validation failed', 'invalid character in JSON', 'readiness probe failed'],
    services: ['config-service', 'feature-flags', 'web', 'mobile-api'],
    tags: ['config-change', 'deploy', 'rollback'],
    platforms: ['kubernetes'],
    category: 'config',
    logLang: 'yaml',
    log: [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: {svc}-config',
      'data:',
      '  rate_limit_per_second: "{n}"',
      '  enable_new_checkout: "true"',
    ],
    causes: [
      { en: 'No schema validation before rollout', ko: '배포 전 스키마 검증 없음' },
      { en: 'Global rollout without a canary', ko: '카나리 없는 전체 배포' },
    ],
    diagnosis: [
      {
        en: 'Diff the running config with the last good one',
        ko: '실행 중 설정과 마지막 정상 설정 비교',
        cmd: 'kubectl -n prod get configmap {svc}-config -o yaml > now.yaml\ngit diff last-good -- config/{svc}.yaml',
      },
    ],
    fixes: [{ en: 'Roll back the config', ko: '설정 롤백', cmd: 'deployctl rollback {svc} --config-only' }],
    trigger: {
      en: 'A config change was merged and rolled out to all regions at once.',
      ko: '설정 변경이 병합되어 모든 리전에 한꺼번에 배포됐다.',
    },
  },
  {
    key: 'replication-lag-stale-reads',
    title: { en: 'Database replication lag and stale reads', ko: 'DB 복제 지연과 오래된 데이터 조회' },
    incidentTitles: [
      { en: 'Replica lag served stale {svc} data', ko: '복제 지연으로 {svc}에 오래된 데이터 표시' },
      { en: 'Large migration stalled replication for {svc}', ko: '대용량 마이그레이션으로 {svc} 복제 정지' },
    ],
    symptoms: ['Seconds_Behind_Master', 'replica lag exceeds 300s', 'ReplicaLag'],
    services: ['mysql', 'orders', 'inventory', 'reporting'],
    tags: ['database', 'replication', 'migration'],
    platforms: ['aws-rds'],
    category: 'code',
    logLang: 'sql',
    log: [
      'SHOW REPLICA STATUS\\G',
      'Seconds_Behind_Source: {n}42',
      'Replica_SQL_Running_State: Waiting for dependent transaction to commit',
      'ALTER TABLE {svc}_events ADD COLUMN trace_id VARCHAR(64);',
    ],
    causes: [
      { en: 'Single large transaction', ko: '하나의 거대한 트랜잭션' },
      { en: 'Replica undersized', ko: '복제본 사양 부족' },
    ],
    diagnosis: [
      {
        en: 'Read the replica status',
        ko: '복제본 상태 확인',
        cmd: "mysql -h {svc}-replica -e 'SHOW REPLICA STATUS\\G' | grep -E 'Seconds_Behind|Running'",
      },
    ],
    fixes: [
      {
        en: 'Route reads to the primary while lag is high',
        ko: '지연이 클 때 읽기를 프라이머리로 전환',
        cmd: 'featurectl set {svc}.read_from_replica false --env prod',
      },
      {
        en: 'Run migrations online',
        ko: '온라인 마이그레이션 사용',
        cmd: 'gh-ost --alter="ADD COLUMN trace_id VARCHAR(64)" --table={svc}_events --execute',
      },
    ],
    trigger: {
      en: 'A schema migration ran as one transaction on a large table.',
      ko: '큰 테이블의 스키마 마이그레이션이 하나의 트랜잭션으로 실행됐다.',
    },
  },
  {
    key: 'cpu-throttling-latency',
    title: { en: 'CPU throttling causes tail latency', ko: 'CPU 스로틀링으로 꼬리 지연 증가' },
    incidentTitles: [
      { en: 'CPU throttling raised {svc} p99 latency', ko: 'CPU 스로틀링으로 {svc} p99 지연 증가' },
      { en: 'Noisy neighbour slowed {svc} on shared nodes', ko: '공유 노드의 다른 워크로드 때문에 {svc} 지연' },
    ],
    symptoms: ['container_cpu_cfs_throttled_periods_total', 'p99 latency above SLO', 'context deadline exceeded'],
    services: ['search', 'api-gateway', 'recommendations', 'graphql'],
    tags: ['cpu', 'latency', 'kubernetes'],
    platforms: ['kubernetes'],
    category: 'capacity',
    logLang: 'text',
    log: [
      'rate(container_cpu_cfs_throttled_periods_total{container="{svc}"}[5m]) / rate(container_cpu_cfs_periods_total[5m]) = 0.{n}',
      'rpc error: code = DeadlineExceeded desc = context deadline exceeded',
    ],
    causes: [
      { en: 'CPU limit too low for bursts', ko: '버스트에 비해 낮은 CPU limit' },
      { en: 'GC pauses under throttling', ko: '스로틀링 중 GC 일시 정지' },
    ],
    diagnosis: [{ en: 'Measure throttling', ko: '스로틀링 측정', cmd: 'kubectl -n prod exec deploy/{svc} -- cat /sys/fs/cgroup/cpu.stat' }],
    fixes: [
      {
        en: 'Remove the CPU limit, keep the request',
        ko: 'CPU limit 제거, request 유지',
        cmd: 'kubectl -n prod patch deployment {svc} --type=json -p=\'[{"op":"remove","path":"/spec/template/spec/containers/0/resources/limits/cpu"}]\'',
      },
    ],
    trigger: { en: 'Traffic doubled during a marketing campaign.', ko: '마케팅 캠페인 동안 트래픽이 두 배가 됐다.' },
  },
  {
    key: 'queue-backlog-worker-stuck',
    title: { en: 'Job queue backlog: workers stuck', ko: '작업 큐 적체: 워커 멈춤' },
    incidentTitles: [
      { en: '{svc} jobs piled up behind a stuck worker', ko: '멈춘 워커 때문에 {svc} 작업 적체' },
      { en: 'Email delivery delayed by {svc} queue backlog', ko: '{svc} 큐 적체로 이메일 발송 지연' },
    ],
    symptoms: ['queue depth above threshold', 'SQS ApproximateAgeOfOldestMessage', 'worker heartbeat missing'],
    services: ['sqs', 'notifications', 'email', 'exports'],
    tags: ['queue', 'workers', 'backlog'],
    platforms: ['aws'],
    category: 'code',
    logLang: 'text',
    log: [
      'ApproximateNumberOfMessagesVisible: {n}8412',
      'ApproximateAgeOfOldestMessage: {n}731 s',
      'worker-{d} last heartbeat 00:4{d}:12 ago (job {n}77 still running)',
    ],
    causes: [
      { en: 'A poison message retried forever', ko: '무한 재시도되는 독성 메시지' },
      { en: 'No visibility timeout on long jobs', ko: '긴 작업에 맞지 않는 가시성 타임아웃' },
    ],
    diagnosis: [
      {
        en: 'Read queue attributes',
        ko: '큐 속성 확인',
        cmd: 'aws sqs get-queue-attributes --queue-url https://sqs.ap-northeast-2.amazonaws.com/123456789012/{svc} --attribute-names All',
      },
    ],
    fixes: [
      {
        en: 'Move the poison message to the DLQ and restart workers',
        ko: '독성 메시지를 DLQ로 옮기고 워커 재시작',
        cmd: 'aws sqs set-queue-attributes --queue-url $Q --attributes \'{"RedrivePolicy":"{\\"maxReceiveCount\\":\\"5\\"}"}\'\nkubectl -n prod rollout restart deployment/{svc}-worker',
      },
    ],
    trigger: { en: 'A malformed message crashed the worker on every attempt.', ko: '형식이 잘못된 메시지가 처리할 때마다 워커를 죽였다.' },
  },
  {
    key: 'iam-access-denied',
    title: { en: 'Cloud IAM: AccessDenied after policy change', ko: '클라우드 IAM 정책 변경 후 AccessDenied' },
    incidentTitles: [
      { en: '{svc} lost access to S3 after an IAM policy change', ko: 'IAM 정책 변경 후 {svc}가 S3에 접근하지 못함' },
      { en: 'Expired role session broke {svc} batch jobs', ko: '역할 세션 만료로 {svc} 배치 작업 실패' },
    ],
    symptoms: ['AccessDenied', 'An error occurred (AccessDenied) when calling the GetObject operation', 'ExpiredToken'],
    services: ['s3', 'iam', 'exports', 'data-pipeline'],
    tags: ['iam', 'aws', 'security'],
    platforms: ['aws'],
    category: 'security',
    logLang: 'text',
    log: [
      'An error occurred (AccessDenied) when calling the GetObject operation: Access Denied',
      'User: arn:aws:sts::123456789012:assumed-role/{svc}-role/i-0{n} is not authorized to perform: s3:GetObject',
    ],
    causes: [
      { en: 'Policy scoped too narrowly', ko: '지나치게 좁게 지정된 정책' },
      { en: 'Bucket policy denies by condition', ko: '조건으로 거부하는 버킷 정책' },
    ],
    diagnosis: [
      {
        en: 'Simulate the policy',
        ko: '정책 시뮬레이션',
        cmd: 'aws iam simulate-principal-policy --policy-source-arn arn:aws:iam::123456789012:role/{svc}-role --action-names s3:GetObject',
      },
    ],
    fixes: [
      {
        en: 'Restore the previous policy version',
        ko: '이전 정책 버전 복원',
        cmd: 'aws iam set-default-policy-version --policy-arn arn:aws:iam::123456789012:policy/{svc} --version-id v{d}',
      },
    ],
    trigger: {
      en: 'A least-privilege cleanup removed a permission still in use.',
      ko: '최소 권한 정리 작업이 아직 쓰이던 권한을 제거했다.',
    },
  },
  {
    key: 'clock-skew-ntp',
    title: { en: 'Clock skew: NTP not synchronised', ko: '시계 오차: NTP 동기화 실패' },
    incidentTitles: [{ en: 'Clock skew on {svc} nodes rejected signed tokens', ko: '{svc} 노드 시계 오차로 서명 토큰 거부' }],
    symptoms: ['token used before issued', 'clock skew detected', 'NTP synchronized: no'],
    services: ['auth', 'chrony', 'sso'],
    tags: ['time', 'ntp', 'auth'],
    platforms: ['linux'],
    category: 'infrastructure',
    logLang: 'bash',
    log: [
      '$ timedatectl',
      'System clock synchronized: no',
      '              NTP service: inactive',
      'jwt: token used before issued (iat {n}s in the future)',
    ],
    causes: [{ en: 'NTP blocked by a firewall change', ko: '방화벽 변경으로 NTP 차단' }],
    diagnosis: [{ en: 'Check synchronisation', ko: '동기화 상태 확인', cmd: 'chronyc tracking\nchronyc sources -v' }],
    fixes: [
      { en: 'Restore NTP and step the clock', ko: 'NTP 복구 후 시계 보정', cmd: 'sudo systemctl restart chronyd\nsudo chronyc makestep' },
    ],
    trigger: {
      en: 'A security group update closed UDP 123 to the time servers.',
      ko: '보안 그룹 변경으로 시간 서버로 가는 UDP 123이 닫혔다.',
    },
  },
];

export const EXTRA_SERVICES = [
  'checkout',
  'payments',
  'auth',
  'search',
  'web',
  'mobile-api',
  'billing',
  'notifications',
  'orders',
  'inventory',
  'cart',
  'recommendations',
  'graphql',
  'reporting',
  'analytics',
  'shipping',
  'sessions',
  'exports',
  'email',
  'cdn',
];

export const EXTRA_TAGS = [
  'customer-facing',
  'internal',
  'deploy',
  'on-call',
  'monitoring-gap',
  'alerting',
  'rollback',
  'capacity-planning',
  'runbook',
  'multi-region',
  'ap-northeast-2',
  'us-east-1',
  'eu-central-1',
  'weekend',
  'peak-traffic',
  'migration',
];

export const PEOPLE = [
  'nara',
  'mina',
  'jae',
  'sora',
  'hyun',
  'alex',
  'priya',
  'tom',
  'li-wei',
  'sam',
  'yuna',
  'dong',
  'kate',
  'omar',
  'eun-ji',
  'marco',
];
export const TEAMS = ['sre-team', 'platform-team', 'db-team', 'payments-team', 'web-team', 'infra-team', 'security-team', 'data-team'];
export const REGIONS = ['ap-northeast-2', 'us-east-1', 'eu-central-1', 'ap-southeast-1'];
export const TIMEZONES = { ko: ['Asia/Seoul'], en: ['UTC', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Seoul'] };

/** Timeline events between detection and mitigation. */
export const INVESTIGATION: Bilingual[] = [
  {
    en: 'On-call engineer acknowledged the page and opened the {svc} dashboard.',
    ko: '온콜 엔지니어가 호출을 확인하고 {svc} 대시보드를 열었음.',
  },
  { en: 'Error rate on {svc} reached {pct}% of requests in {region}.', ko: '{region}에서 {svc} 오류율이 요청의 {pct}%까지 올라감.' },
  {
    en: 'Checked recent deploys: {svc} release {ver} went out 20 minutes earlier.',
    ko: '최근 배포 확인: 20분 전에 {svc} {ver} 릴리스가 나갔음.',
  },
  { en: 'Incident channel opened; {svc2} team joined the call.', ko: '장애 채널을 열고 {svc2} 팀이 통화에 합류함.' },
  { en: 'Logs on {host} show the same error on every request.', ko: '{host} 로그에서 모든 요청에 같은 오류가 보임.' },
  {
    en: 'Compared with a healthy host in another zone; only {svc} nodes were affected.',
    ko: '다른 존의 정상 호스트와 비교한 결과 {svc} 노드만 영향을 받았음.',
  },
  { en: 'Status page updated: degraded performance for {svc}.', ko: '상태 페이지에 {svc} 성능 저하를 공지함.' },
  { en: 'Ruled out the network: packet loss between zones was zero.', ko: '존 간 패킷 손실이 0이라 네트워크 문제는 배제함.' },
  { en: 'Found the failing dependency: {svc2} answered slowly for {svc}.', ko: '원인 후보 확인: {svc2}가 {svc}에 느리게 응답하고 있었음.' },
  { en: 'Support reported {n} customer tickets about {svc}.', ko: '고객 지원팀에서 {svc} 관련 문의가 {n}건 접수되었다고 알림.' },
];

export const VERIFICATION: Bilingual[] = [
  { en: 'Error rate back under 0.1%; watching for recurrence.', ko: '오류율이 0.1% 아래로 돌아왔고 재발 여부를 지켜봄.' },
  { en: 'Backlog drained; {svc} latency back to baseline.', ko: '적체가 해소되고 {svc} 지연 시간이 평소 수준으로 돌아옴.' },
  { en: 'Customers confirmed that {svc} works again.', ko: '고객이 {svc}가 다시 정상 동작한다고 확인해 줌.' },
];

export const WHYS: { q: Bilingual; a: Bilingual }[] = [
  {
    q: { en: 'Why did {svc} fail?', ko: '왜 {svc}가 실패했는가?' },
    a: { en: 'It could not reach {svc2} within its timeout.', ko: '제한 시간 안에 {svc2}에 닿지 못했기 때문.' },
  },
  {
    q: { en: 'Why could it not reach {svc2}?', ko: '왜 {svc2}에 닿지 못했는가?' },
    a: { en: 'The change reduced the capacity that {svc2} relies on.', ko: '변경 사항이 {svc2}가 의존하는 용량을 줄였기 때문.' },
  },
  {
    q: { en: 'Why did the change reduce capacity?', ko: '왜 변경이 용량을 줄였는가?' },
    a: { en: 'The default value in the template was meant for staging.', ko: '템플릿의 기본값이 스테이징용이었기 때문.' },
  },
  {
    q: { en: 'Why was a staging default used in production?', ko: '왜 스테이징 기본값이 운영에 쓰였는가?' },
    a: { en: 'The review checklist does not cover this setting.', ko: '리뷰 체크리스트가 이 설정을 다루지 않기 때문.' },
  },
  {
    q: { en: 'Why does the checklist not cover it?', ko: '왜 체크리스트가 이 설정을 다루지 않는가?' },
    a: { en: 'Nobody owns the checklist since the team reorganisation.', ko: '조직 개편 이후 체크리스트를 관리하는 담당자가 없기 때문.' },
  },
  {
    q: { en: 'Why was the alert late?', ko: '왜 알림이 늦었는가?' },
    a: { en: 'It averages over a 10-minute window.', ko: '10분 구간 평균으로 계산하기 때문.' },
  },
];

export const ACTIONS: Bilingual[] = [
  { en: 'Add {svc} pool size to the config review checklist', ko: '{svc} 풀 크기를 설정 리뷰 체크리스트에 추가' },
  { en: 'Alert when {svc} p99 latency is above 1 s for 2 minutes', ko: '{svc} p99 지연이 2분간 1초를 넘으면 알림' },
  { en: 'Canary {svc} config changes in one region first', ko: '{svc} 설정 변경을 한 리전에 먼저 카나리 배포' },
  { en: 'Write a runbook entry for {sym}', ko: '{sym} 대응 절차를 런북에 추가' },
  { en: 'Load-test {svc} at twice the peak traffic', ko: '{svc}에 최대 트래픽의 두 배로 부하 테스트' },
  { en: 'Dashboard panel for {svc2} saturation', ko: '{svc2} 포화도 대시보드 패널 추가' },
  { en: 'Automate the rollback of {svc} on failed health checks', ko: '헬스 체크 실패 시 {svc} 자동 롤백' },
  { en: 'Schema-validate {svc} config in CI', ko: 'CI에서 {svc} 설정 스키마 검증' },
];

export const PROSE = {
  overview: [
    {
      en: 'Between {start} and {end} ({tz}), {svc} returned errors to a share of users in {region}. The on-call engineer traced it to {sym} and restored service by rolling back.',
      ko: '{start}부터 {end}까지({tz}) {region}의 일부 사용자에게 {svc} 오류가 발생했음. 온콜 엔지니어가 {sym} 오류를 추적했고 롤백으로 서비스를 복구함.',
    },
    {
      en: '{svc} degraded after a change to {svc2}. Requests slowed down, then failed with {sym}. The change was reverted and the backlog drained within the hour.',
      ko: '{svc2} 변경 이후 {svc} 성능이 저하됨. 요청이 느려지다가 {sym} 오류로 실패했고, 변경을 되돌린 뒤 한 시간 안에 적체가 해소됨.',
    },
  ] as Bilingual[],
  impact: [
    {
      en: 'About {pct}% of requests to {svc} failed for {mins} minutes; {users} users saw errors. No data was lost.',
      ko: '{mins}분 동안 {svc} 요청의 약 {pct}%가 실패했고, 사용자 {users}명이 오류를 겪었음. 데이터 손실은 없었음.',
    },
    {
      en: 'Checkout conversions dropped by {pct}% while {svc} was slow. {requests} requests were affected.',
      ko: '{svc}가 느린 동안 전환율이 {pct}% 떨어졌고, 요청 {requests}건이 영향을 받았음.',
    },
  ] as Bilingual[],
  rootCause: [
    {
      en: '{trigger} {svc} had no guard against it, so the failure spread to every instance. The contributing factors are listed in the frontmatter.',
      ko: '{trigger} {svc}에는 이를 막을 장치가 없어 모든 인스턴스로 장애가 번졌음. 기여 요인은 frontmatter에 정리함.',
    },
  ] as Bilingual[],
  discussion: [
    {
      en: 'Should {svc} fail closed or fail open when {svc2} is slow? The team agreed to fail open for reads and closed for writes.',
      ko: '{svc2}가 느릴 때 {svc}는 실패 시 차단해야 하는가, 허용해야 하는가? 읽기는 허용, 쓰기는 차단하기로 합의함.',
    },
    {
      en: 'We discussed whether the alert threshold was right. A shorter window would have paged {mins} minutes earlier but also twice a week for nothing.',
      ko: '알림 임계값이 적절했는지 논의함. 구간을 줄이면 {mins}분 일찍 호출되지만 일주일에 두 번은 헛호출이 발생함.',
    },
  ] as Bilingual[],
  lessons: [
    {
      en: 'Rolling back first and analysing second shortened the outage. The dashboards for {svc2} were missing, which slowed diagnosis.',
      ko: '먼저 롤백하고 나중에 분석한 덕분에 장애 시간이 짧아졌음. {svc2} 대시보드가 없어 진단이 늦어졌음.',
    },
  ] as Bilingual[],
  actions: [
    {
      en: 'The follow-ups are tracked in the frontmatter; the first two block the next release of {svc}.',
      ko: '후속 조치는 frontmatter에서 관리하며, 앞의 두 항목은 {svc} 다음 릴리스 전에 끝내야 함.',
    },
  ] as Bilingual[],
  monitoring: [
    {
      en: 'The {svc} error-rate alert fired {late} minutes after the start. A saturation alert on {svc2} would have caught it sooner.',
      ko: '{svc} 오류율 알림은 시작 {late}분 뒤에 울렸음. {svc2} 포화도 알림이 있었다면 더 빨리 잡았을 것.',
    },
  ] as Bilingual[],
  wentWell: [
    { en: 'Rollback took under five minutes.', ko: '롤백이 5분 안에 끝났음.' },
    { en: 'The {svc2} team joined quickly.', ko: '{svc2} 팀이 빠르게 합류했음.' },
    { en: 'The playbook had the exact commands.', ko: '플레이북에 필요한 명령이 그대로 있었음.' },
  ] as Bilingual[],
  wentWrong: [
    { en: 'The alert fired {late} minutes after the start.', ko: '알림이 시작 {late}분 뒤에야 울렸음.' },
    { en: 'No dashboard for {svc2}.', ko: '{svc2} 대시보드가 없었음.' },
  ] as Bilingual[],
  gotLucky: [{ en: 'Traffic was at its weekly low.', ko: '트래픽이 주간 최저 수준이었음.' }] as Bilingual[],
  factors: [
    { en: 'The setting is not covered by the config review checklist.', ko: '해당 설정이 설정 리뷰 체크리스트에 없음.' },
    { en: 'Staging traffic is too low to show the problem.', ko: '스테이징 트래픽이 너무 적어 문제가 드러나지 않음.' },
    { en: 'The alert averages over a long window.', ko: '알림이 긴 구간의 평균으로 계산됨.' },
    { en: '{svc} retries without backoff.', ko: '{svc}가 백오프 없이 재시도함.' },
  ] as Bilingual[],
  immediate: [
    { en: 'Rolled back {svc} to the previous release.', ko: '{svc}를 이전 릴리스로 롤백함.' },
    { en: 'Scaled {svc2} out to absorb the backlog.', ko: '적체를 처리하려고 {svc2}를 확장함.' },
    { en: 'Confirmed recovery on the dashboard and in the logs.', ko: '대시보드와 로그에서 복구를 확인함.' },
  ] as Bilingual[],
};
