/**
 * What each figure of `npm run bench` means, its budget and the floor it is read against: the
 * one table the console output and bench/RESULTS.md are both made from. A floor is the same
 * input, stream or reload measured in the same run with no app in the way (a bare page, a bare
 * `node:http` server): what the browser, the network stack or the kernel alone takes.
 */
export type Metric = {
  metric: string;
  /** What is timed or counted, from where to where. */
  description: string;
  unit: 'ms' | 'KB' | 'MB' | 'count';
  /** Met when the figure is at most this. */
  budget?: number | undefined;
  /** The metric measured beside it as its floor. */
  floor?: string | undefined;
};

export type MetricSection = { title: string; metrics: readonly Metric[] };

export const metricSections: readonly MetricSection[] = [
  {
    title: 'First visit',
    metrics: [
      {
        metric: 'bundle.initial_kb_gz',
        description: 'JS and CSS a first visit loads before it paints (the sign-in page), gzipped',
        unit: 'KB',
        // With the router on the first visit (decision 060).
        budget: 110,
      },
      { metric: 'bundle.initial_files', description: 'files among them', unit: 'count' },
      {
        metric: 'bundle.signed_in_kb_gz',
        description: 'the same for a remembered person, before their conversation list paints',
        unit: 'KB',
      },
      {
        metric: 'web.fcp_ms',
        description: "cold first visit to `/` until the start screen's name is painted, median",
        unit: 'ms',
        budget: 800,
      },
      {
        metric: 'web.page_heading_ms',
        description: "the same visit until the sign-in page's own heading is painted",
        unit: 'ms',
      },
      {
        metric: 'web.tbt_ms',
        description: 'blocking time after the first paint (each task beyond 50 ms), median',
        unit: 'ms',
        budget: 50,
        floor: 'web.tbt_floor_ms',
      },
      {
        metric: 'web.tbt_floor_ms',
        description: 'floor: the blocking time of a page that only evaluates React DOM',
        unit: 'ms',
      },
    ],
  },
  {
    title: 'Shared conversations',
    metrics: [
      {
        metric: 'share.fcp_ms',
        description:
          'a shared 200-message conversation (code blocks in each answer), opened cold with JavaScript off, until its first contentful paint, median',
        unit: 'ms',
        budget: 500,
      },
      {
        metric: 'share.html_kb',
        description: 'the HTML of that page, before compression',
        unit: 'KB',
      },
      {
        metric: 'share.server_ms',
        description: 'the server reading and rendering that page, warm, median',
        unit: 'ms',
        budget: 100,
      },
    ],
  },
  {
    title: 'Opening and switching, with a large history on the device',
    metrics: [
      {
        metric: 'echo.p95_ms',
        description: 'Enter until your own message is painted, p95',
        unit: 'ms',
        budget: 16,
        floor: 'echo.floor_p95_ms',
      },
      {
        metric: 'echo.floor_p95_ms',
        description: 'floor: the same on a page with no app, its keydown appending the message',
        unit: 'ms',
      },
      {
        metric: 'switch.p95_ms',
        description: 'a click on another 50-message conversation until it is painted, p95',
        unit: 'ms',
        budget: 33,
        floor: 'switch.floor_p95_ms',
      },
      {
        metric: 'switch.floor_p95_ms',
        description: 'floor: a click on a page with no app, its handler replacing the content',
        unit: 'ms',
      },
      {
        metric: 'open_long.ms',
        description: 'opening a 2,000-message conversation until it is painted, median',
        unit: 'ms',
        budget: 100,
      },
      {
        metric: 'open_long.rows_mounted',
        description: 'message rows in the DOM then',
        unit: 'count',
        budget: 40,
      },
      {
        metric: 'boot.offline_list_ms',
        description:
          'offline reload with 1,000 conversations and 20,000 messages until the list is painted',
        unit: 'ms',
        budget: 200,
        floor: 'boot.floor_ms',
      },
      {
        metric: 'boot.floor_ms',
        description:
          "floor: an offline reload of a page with no app, its document from a service worker's cache",
        unit: 'ms',
      },
    ],
  },
  {
    title: 'Images: switching to a conversation with 50 images',
    metrics: [
      {
        metric: 'switch_images.p95_ms',
        description:
          'a click on another 50-message conversation with 50 images (bytes on the device) until it is painted, p95',
        unit: 'ms',
        budget: 33,
        floor: 'switch_images.plain_p95_ms',
      },
      {
        metric: 'switch_images.plain_p95_ms',
        description: 'the same clicks among 50-message conversations with no images, p95',
        unit: 'ms',
      },
      {
        metric: 'switch_images.decoded_p95_ms',
        description: 'the same click until every image in view is decoded, p95',
        unit: 'ms',
      },
      {
        metric: 'switch_images.layout_shift',
        description:
          'layout shift in one switch from its click until its images are decoded, the most seen',
        unit: 'count',
        budget: 0,
      },
    ],
  },
  {
    title: 'Live: another device, a reload mid-answer, a long answer streaming',
    metrics: [
      {
        metric: 'sync.p50_ms',
        description: 'a pin on one device until another device paints it, p50',
        unit: 'ms',
        budget: 30,
        floor: 'sync.floor_ms',
      },
      {
        metric: 'sync.p95_ms',
        description: 'the same, p95',
        unit: 'ms',
        budget: 60,
        floor: 'sync.floor_ms',
      },
      {
        metric: 'sync.push_ms',
        description: "of which: the push sent until the other device's patch or poke, p50",
        unit: 'ms',
      },
      {
        metric: 'sync.pulled_rounds',
        description: 'rounds in which the other device pulled instead of applying the patch',
        unit: 'count',
      },
      {
        metric: 'sync.paint_ms',
        description: 'of which: the change received until painted, p50',
        unit: 'ms',
      },
      {
        metric: 'sync.floor_ms',
        description: 'floor: a loopback HTTP round trip, p50',
        unit: 'ms',
      },
      {
        metric: 'resume.ms',
        description: 'reload mid-answer until a word after the last one painted is painted, p50',
        unit: 'ms',
        budget: 250,
      },
      {
        metric: 'stream.main_ms_per_token',
        description: 'main-thread time per word while a 40 KB Markdown answer streams',
        unit: 'ms',
        budget: 2,
      },
      {
        metric: 'stream.long_tasks',
        description: 'tasks over 50 ms meanwhile',
        unit: 'count',
        budget: 0,
      },
    ],
  },
  {
    title: 'Token latency under an everyday load (20 streams by default)',
    metrics: [
      ...tokenMetrics('token', 'memory chunk store'),
      {
        metric: 'token.paint_floor_p50_ms',
        description:
          "floor: a bare `node:http` server's chunk until a page that only appends it paints it, p50",
        unit: 'ms',
      },
      ...tokenMetrics('token.redis', 'Redis chunk store'),
    ],
  },
  {
    title: 'Three server processes sharing Postgres and Redis',
    metrics: [
      {
        metric: 'processes.poke_fanout_ms',
        description:
          'one change until its poke has reached 10,000 streams spread over three processes, median of rounds',
        unit: 'ms',
      },
      {
        metric: 'processes.poke_fanout_one_process_ms',
        description: 'the same with all 10,000 on the process the change was pushed to',
        unit: 'ms',
      },
      {
        metric: 'processes.poke_fanout_p50_ms',
        description: 'the same until half of them have it',
        unit: 'ms',
      },
      {
        metric: 'processes.poke_fanout_p50_one_process_ms',
        description: 'the same, all on one process',
        unit: 'ms',
      },
      {
        metric: 'processes.poke_fanout_cpu_ms',
        description: "CPU one poke to all of them takes: the three servers' and the readers'",
        unit: 'ms',
      },
      {
        metric: 'processes.poke_fanout_cpu_one_process_ms',
        description: 'the same, all on one process',
        unit: 'ms',
      },
      {
        metric: 'processes.token_p50_ms',
        description:
          "a provider's chunk until a reader on another process than the generating one has it, p50",
        unit: 'ms',
      },
      { metric: 'processes.token_p99_ms', description: 'the same, p99', unit: 'ms' },
      {
        metric: 'processes.token_own_process_p50_ms',
        description: 'the same, at the same time, for readers on the generating process, p50',
        unit: 'ms',
      },
      { metric: 'processes.token_own_process_p99_ms', description: 'the same, p99', unit: 'ms' },
      {
        metric: 'processes.sync_p50_ms',
        description:
          'a pin on a device served by one process until a device served by another paints it, p50',
        unit: 'ms',
      },
      { metric: 'processes.sync_p95_ms', description: 'the same, p95', unit: 'ms' },
      {
        metric: 'processes.sync_own_process_p50_ms',
        description: 'the same with both devices on one process, p50',
        unit: 'ms',
      },
      { metric: 'processes.sync_own_process_p95_ms', description: 'the same, p95', unit: 'ms' },
    ],
  },
  {
    title: "The server's limits",
    metrics: [
      {
        metric: 'pull.initial_ms',
        description: 'first pull of 20,000 messages (a new device), median',
        unit: 'ms',
        budget: 3000,
      },
      {
        metric: 'pull.incremental_ms',
        description: 'a pull after one change among them, p50',
        unit: 'ms',
        budget: 15,
        floor: 'server.http_floor_ms',
      },
      {
        metric: 'server.http_floor_ms',
        description: 'floor: a keep-alive `GET /api/health` on loopback, p50',
        unit: 'ms',
      },
      {
        metric: 'server.idle_poke_kb',
        description: 'server memory per idle poke stream, 10,000 open',
        unit: 'KB',
        budget: 10,
        floor: 'server.idle_poke_floor_kb',
      },
      {
        metric: 'server.idle_poke_floor_kb',
        description: 'floor: the same for a bare `node:http` SSE server',
        unit: 'KB',
      },
      {
        metric: 'server.poke_fanout_ms',
        description: 'one change until its poke has reached all 10,000 streams, median of rounds',
        unit: 'ms',
        budget: 50,
        floor: 'server.poke_fanout_floor_ms',
      },
      {
        metric: 'server.poke_fanout_p50_ms',
        description: 'the same until half of them have it',
        unit: 'ms',
      },
      {
        metric: 'server.poke_fanout_cpu_ms',
        description: "CPU one poke to all of them takes: the server's and the readers' together",
        unit: 'ms',
      },
      {
        metric: 'server.poke_fanout_floor_ms',
        description: 'floor: a bare `node:http` server writing one poke to each of as many streams',
        unit: 'ms',
      },
      {
        metric: 'server.streams_p99_ms',
        description: 'delivery delay with 500 streams at 30 chunks/s, p99',
        unit: 'ms',
        budget: 100,
      },
      {
        metric: 'server.rss_mb',
        description: 'server memory then, peak',
        unit: 'MB',
        budget: 300,
      },
      {
        metric: 'upload.time_over_file_copy',
        description:
          'a 50 MB PDF attached over loopback: its time over a bare durable copy’s (2 = half the throughput), median',
        unit: 'count',
        budget: 2,
      },
      {
        metric: 'upload.pdf_mb_per_s',
        description: 'the upload’s throughput, MB/s',
        unit: 'MB',
        floor: 'upload.file_copy_mb_per_s',
      },
      {
        metric: 'upload.file_copy_mb_per_s',
        description:
          'floor: the same bytes to a bare `node:http` server that writes them to a file and flushes it, MB/s',
        unit: 'MB',
      },
      {
        metric: 'upload.copy_floor_mb_per_s',
        description:
          'the same bytes to a bare `node:http` server that discards them (the network alone), MB/s',
        unit: 'MB',
      },
      {
        metric: 'upload.time_over_floor',
        description: 'the upload’s time over that discarding server’s, median',
        unit: 'count',
      },
      {
        metric: 'upload.server_rss_growth_mb',
        description: 'how far the server’s memory grows while it takes one, peak over 5',
        unit: 'MB',
        budget: 20,
      },
      ...fairnessMetrics('push_fairness', 'PGlite'),
      ...fairnessMetrics('push_fairness.postgres', 'Postgres'),
    ],
  },
  {
    title: "An answer's context in a long chat",
    metrics: [
      {
        metric: 'context.build_p50_ms',
        description:
          'choosing what of a 2,000-message conversation the model is sent (tokens counted newest first down to the budget), for a 1M window that holds all of it, p50',
        unit: 'ms',
      },
      { metric: 'context.build_p95_ms', description: 'the same, p95', unit: 'ms', budget: 5 },
      {
        metric: 'context.build_128k_p95_ms',
        description: 'the same for a 128K window, which takes the newest few hundred, p95',
        unit: 'ms',
      },
      {
        metric: 'context.load_p50_ms',
        description:
          'reading that conversation before an answer, newest first, only as far as a 128K window can hold, median',
        unit: 'ms',
      },
      {
        metric: 'context.load_all_p50_ms',
        description: 'for comparison: reading all 2,000 messages, median',
        unit: 'ms',
      },
    ],
  },
];

/** The figures of one run of others' requests during a big push, under `prefix`. */
function fairnessMetrics(prefix: string, database: string): Metric[] {
  return [
    {
      metric: `${prefix}.other_p99_ms`,
      description: `other people's pulls sent while one person's 500-mutation push lands, p99, ${database}`,
      unit: 'ms',
      budget: 100,
      floor: `${prefix}.other_floor_p99_ms`,
    },
    {
      metric: `${prefix}.other_floor_p99_ms`,
      description: 'floor: the same pulls with nobody pushing, p99',
      unit: 'ms',
    },
    {
      metric: `${prefix}.health_p99_ms`,
      description: 'GET /api/health sent while the push lands, p99',
      unit: 'ms',
      budget: 100,
      floor: `${prefix}.health_floor_p99_ms`,
    },
    {
      metric: `${prefix}.health_floor_p99_ms`,
      description: 'floor: the same with nobody pushing, p99',
      unit: 'ms',
    },
    { metric: `${prefix}.push_ms`, description: 'the push itself, median', unit: 'ms' },
  ];
}

/** The figures of one token-latency run, under `prefix`. */
function tokenMetrics(prefix: string, store: string): Metric[] {
  return [
    {
      metric: `${prefix}.server_p50_ms`,
      description: `a provider's chunk until a reader has it, p50, ${store}`,
      unit: 'ms',
      budget: 5,
    },
    { metric: `${prefix}.server_p99_ms`, description: 'the same, p99', unit: 'ms', budget: 15 },
    {
      metric: `${prefix}.paint_p50_ms`,
      description: `a provider's chunk until the browser has painted it, p50, ${store}`,
      unit: 'ms',
      budget: 10,
      floor: 'token.paint_floor_p50_ms',
    },
    { metric: `${prefix}.paint_p99_ms`, description: 'the same, p99', unit: 'ms', budget: 40 },
    {
      metric: `${prefix}.arrive_p50_ms`,
      description: "of the paint: until the chunk's event reached the page, p50",
      unit: 'ms',
    },
    {
      metric: `${prefix}.server_rss_mb`,
      description: 'server memory meanwhile, peak',
      unit: 'MB',
    },
  ];
}

const byName = new Map(
  metricSections.flatMap((section) => section.metrics.map((m) => [m.metric, m] as const)),
);

/** The table's entry for `metric`, if it has one. */
export function findMetric(metric: string): Metric | undefined {
  return byName.get(metric);
}
