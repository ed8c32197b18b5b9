import type { StoredFile } from '../local/local-db.ts';

/** How one upload attempt ended: stored, or failed for now, or refused for good. */
export type UploadOutcome =
  | { ok: true }
  | { ok: false; permanent: false }
  | { ok: false; permanent: true; message: string };

/**
 * Sends a stored file's bytes to `PUT /api/attachments/:id`, reporting progress as the browser
 * sends them: an XMLHttpRequest, since fetch reports no upload progress. The id is the
 * device's, so sending the same file again is safe: the server keeps the first copy.
 */
export function putAttachment(
  file: StoredFile,
  onProgress: (loaded: number, total: number) => void,
  signal: AbortSignal,
): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ name: file.name });
    xhr.open('PUT', `/api/attachments/${encodeURIComponent(file.id)}?${query}`);
    // The server reads the kind from the bytes; this only lets the upload through its check
    // that writes come from the app (decision 053).
    xhr.setRequestHeader('Content-Type', file.mediaType);
    xhr.upload.onprogress = (event) =>
      onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => {
      if (xhr.status === 200 || xhr.status === 201) resolve({ ok: true });
      else if (xhr.status === 401) {
        // Signed out meanwhile: the file stays on the device, and the next start resumes it.
        resolve({ ok: false, permanent: true, message: 'Sign in again to upload this file.' });
      } else if (xhr.status >= 400 && xhr.status < 500 && ![408, 429].includes(xhr.status)) {
        resolve({ ok: false, permanent: true, message: serverMessage(xhr.responseText) });
      } else resolve({ ok: false, permanent: false });
    };
    xhr.onerror = () => resolve({ ok: false, permanent: false });
    xhr.onabort = () => resolve({ ok: false, permanent: false });
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file.blob);
  });
}

/** The message of the server's `{ error: { message } }`, or a general one. */
function serverMessage(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    const error = typeof parsed === 'object' && parsed ? Reflect.get(parsed, 'error') : undefined;
    const message = typeof error === 'object' && error ? Reflect.get(error, 'message') : undefined;
    if (typeof message === 'string') return message;
  } catch {
    // Not the server's JSON: fall through.
  }
  return 'The server did not take this file.';
}
