import * as z from 'zod/mini';
import { countZipEntries } from './zip-progress.ts';

const ErrorBody = z.object({ error: z.object({ message: z.string() }) });
const AccountInfo = z.object({ hasPassword: z.boolean() });
export type AccountInfo = z.infer<typeof AccountInfo>;

/** What a refused account request tells the person: the server's reason, or why there is none. */
export class AccountRequestError extends Error {
  override name = 'AccountRequestError';
}

const unreachable = 'Parley could not be reached. Check your connection and try again.';

/** `GET /api/account`: how the person confirms who they are (a password, or their email). */
export async function fetchAccountInfo(): Promise<AccountInfo> {
  const response = await request('/api/account', { headers: { accept: 'application/json' } });
  const parsed = AccountInfo.safeParse(await response.json().catch(() => null));
  if (!parsed.success)
    throw new AccountRequestError('The server answered in a way Parley does not understand.');
  return parsed.data;
}

/** `DELETE /api/account`: deletes the person and all their data, once they confirm. */
export async function deleteAccount(confirm: { password: string } | { email: string }) {
  await request('/api/account', {
    method: 'DELETE',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(confirm),
  });
}

/** How far an export has come. `conversations` is null until the server has said how many. */
export type ExportProgress = {
  bytes: number;
  conversationsDone: number;
  conversations: number | null;
};

/**
 * `GET /api/account/export`, read as it streams: `onProgress` hears of every chunk (bytes so
 * far, conversations whose files have arrived). Resolves to the archive and its file name.
 */
export async function downloadExport(
  onProgress: (progress: ExportProgress) => void,
): Promise<{ archive: Blob; fileName: string }> {
  const response = await request('/api/account/export');
  const total = Number(response.headers.get('x-export-conversations'));
  const conversations = Number.isInteger(total) && total >= 0 ? total : null;
  const fileName =
    /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ??
    'parley-export.zip';
  const reader = response.body?.getReader();
  if (!reader) throw new AccountRequestError('This browser cannot read the export as it arrives.');
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let bytes = 0;
  let conversationsDone = 0;
  // One Markdown file per conversation: it marks that conversation done.
  const count = countZipEntries((name) => {
    if (name.endsWith('.md')) conversationsDone += 1;
  });
  onProgress({ bytes, conversationsDone, conversations });
  for (;;) {
    let read: ReadableStreamReadResult<Uint8Array<ArrayBuffer>>;
    try {
      read = await reader.read();
    } catch {
      throw new AccountRequestError('The export was cut off. Check your connection and try again.');
    }
    if (read.done) break;
    parts.push(read.value);
    bytes += read.value.length;
    count(read.value);
    onProgress({ bytes, conversationsDone, conversations });
  }
  return { archive: new Blob(parts, { type: 'application/zip' }), fileName };
}

async function request(url: string, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new AccountRequestError(unreachable);
  }
  if (response.ok) return response;
  const refused = ErrorBody.safeParse(await response.json().catch(() => null));
  throw new AccountRequestError(
    refused.success ? refused.data.error.message : `The server answered ${response.status}.`,
  );
}
