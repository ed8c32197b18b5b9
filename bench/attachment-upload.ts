import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pdfBytes } from '../server/testing/attachment-files.ts';
import { type ChildServer, killChild, startChildServer } from '../server/testing/child-server.ts';
import { signUp } from '../server/testing/test-accounts.ts';
import { limits } from '../shared/limits.ts';
import { benchSecrets } from './lib/bench-secrets.ts';
import { readRssKb } from './lib/process-memory.ts';
import type { Figure } from './lib/results.ts';
import { percentile, round } from './lib/stats.ts';

const rounds = 5;
/** How often the server's memory is sampled while it takes an upload. */
const sampleEveryMs = 10;

/**
 * A 50 MB PDF (the largest attachment) uploaded to the real server over loopback, beside the
 * same bytes copied over loopback to a bare `node:http` server that writes them to a file and
 * flushes it (the floor: any upload that is kept does that much), and to one that discards them
 * (the network alone). What the upload adds over the bare copy is the app's: it sniffs, counts
 * pages, renames the file into place and records a row. It also reports how far the server's
 * memory grows meanwhile (a streamed body should hold one chunk at a time, whatever its size).
 */
export async function benchAttachmentUpload(): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-upload-'));
  const pdf = pdfBytes(20, limits.pdfBytes - 4096);
  let server: ChildServer | undefined;
  let floor: ChildProcess | undefined;
  try {
    server = await startChildServer(
      { DATA_DIR: dataDir, ...benchSecrets, REDIS_URL: '', DATABASE_URL: '' },
      'build',
    );
    const { url } = server;
    const { cookie } = await signUp(url, 'Uploader');
    const headers = { cookie, origin: url, 'content-type': 'application/pdf' };
    const upload = () =>
      send(`${url}/api/attachments/${randomUUID()}?name=big.pdf`, 'PUT', headers, pdf);
    // Warm: the route, the database's plans, the file system's folders.
    await upload();
    const pid = server.process.pid ?? 0;
    const uploadMs: number[] = [];
    let growthKb = 0;
    for (let i = 0; i < rounds; i++) {
      const before = readRssKb(pid);
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, readRssKb(pid));
      }, sampleEveryMs);
      const answer = await upload();
      clearInterval(sampler);
      peak = Math.max(peak, readRssKb(pid));
      if (answer.status !== 201)
        throw new Error(`upload answered ${answer.status}: ${answer.text}`);
      uploadMs.push(answer.ms);
      growthKb = Math.max(growthKb, peak - before);
    }

    const bare = await startBareServer('discard', dataDir);
    floor = bare.process;
    await send(bare.url, 'PUT', {}, pdf);
    const copyMs: number[] = [];
    for (let i = 0; i < rounds; i++) copyMs.push((await send(bare.url, 'PUT', {}, pdf)).ms);
    await killChild(bare.process);

    const durable = await startBareServer('file', dataDir);
    floor = durable.process;
    await send(durable.url, 'PUT', {}, pdf);
    const fileMs: number[] = [];
    for (let i = 0; i < rounds; i++) fileMs.push((await send(durable.url, 'PUT', {}, pdf)).ms);

    const upload50 = percentile(uploadMs, 50);
    const copy50 = percentile(copyMs, 50);
    const file50 = percentile(fileMs, 50);
    const mbPerS = (ms: number) => round(pdf.length / (1024 * 1024) / (ms / 1000));
    return [
      { metric: 'upload.pdf_mb_per_s', value: mbPerS(upload50) },
      { metric: 'upload.copy_floor_mb_per_s', value: mbPerS(copy50) },
      { metric: 'upload.time_over_floor', value: round(upload50 / copy50, 2) },
      { metric: 'upload.file_copy_mb_per_s', value: mbPerS(file50) },
      { metric: 'upload.time_over_file_copy', value: round(upload50 / file50, 2) },
      { metric: 'upload.server_rss_growth_mb', value: round(growthKb / 1024) },
    ];
  } finally {
    if (server) await killChild(server.process);
    if (floor) await killChild(floor);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type Sent = { status: number; text: string; ms: number };

/** Sends `body` in 64 KB writes, each after the last has drained, as a browser's upload does. */
function send(url: string, method: string, headers: Record<string, string>, body: Buffer) {
  return new Promise<Sent>((resolve, reject) => {
    const started = performance.now();
    const req = request(
      url,
      { method, headers: { ...headers, 'content-length': String(body.length) } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text, ms: performance.now() - started }),
        );
      },
    );
    req.on('error', reject);
    let at = 0;
    const write = () => {
      while (at < body.length) {
        const chunk = body.subarray(at, at + 64 * 1024);
        at += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

/**
 * A bare `node:http` server in a process of its own that reads every body and drops it
 * (`discard`: the network's floor), or writes it to a new file under `folder`, flushes it to
 * disk and answers (`file`: the floor of any upload that is kept, whatever else it does).
 */
function startBareServer(
  kind: 'discard' | 'file',
  folder: string,
): Promise<{ url: string; process: ChildProcess }> {
  const script = `
    const fs = require('node:fs');
    const path = require('node:path');
    let n = 0;
    const server = require('node:http').createServer((req, res) => {
      if (${JSON.stringify(kind)} === 'discard') {
        req.on('data', () => {});
        req.on('end', () => res.end('{}'));
        return;
      }
      const file = path.join(${JSON.stringify(folder)}, 'bare-' + process.pid + '-' + n++);
      // Flushed to disk before it closes, as an upload kept for good must be.
      const out = fs.createWriteStream(file, { flush: true });
      req.pipe(out);
      out.on('close', () => {
        res.end('{}');
        fs.rm(file, () => {});
      });
    });
    server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (data: Buffer) => {
      const port = /listening (\d+)/.exec(data.toString())?.[1];
      if (port) resolve({ url: `http://127.0.0.1:${port}/`, process: child });
    });
    child.once('exit', (code) => reject(new Error(`the bare server exited (${code})`)));
  });
}
