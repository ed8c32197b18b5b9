import { useState } from 'react';
import { formatBytes } from '../local/device-storage.ts';
import { AccountRequestError, downloadExport, type ExportProgress } from './account-api.ts';

/**
 * Settings › Account › Export my data: the server streams a zip of everything of the person's
 * (JSON, and each conversation as Markdown); the page shows it arriving, then saves it.
 */
export function ExportData() {
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function start() {
    setBusy(true);
    setDone(false);
    setProblem(null);
    try {
      const { archive, fileName } = await downloadExport(setProgress);
      save(archive, fileName);
      setDone(true);
    } catch (error) {
      setProblem(
        error instanceof AccountRequestError ? error.message : 'That did not work. Try again.',
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="account-action">
      <button type="button" className="button" disabled={busy} onClick={() => void start()}>
        Export my data
      </button>
      {progress && (busy || done) && (
        <p className="muted" aria-live="polite" data-export-progress>
          {describe(progress, done)}
        </p>
      )}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

function describe({ bytes, conversationsDone, conversations }: ExportProgress, done: boolean) {
  const of = conversations === null ? '' : ` of ${conversations}`;
  const status = done ? 'Export saved' : 'Exporting';
  return `${status}: ${formatBytes(bytes)} received, ${conversationsDone}${of} conversations.`;
}

/** Hands the archive to the browser as a download. */
function save(archive: Blob, fileName: string) {
  const url = URL.createObjectURL(archive);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // After the browser has taken the download in hand.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
