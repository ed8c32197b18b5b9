import { useEffect, useRef } from 'react';

type Props = {
  url: string;
  alt: string;
  /** The file name to download as, for images offered for download. */
  download: string | undefined;
  onClose: () => void;
};

/**
 * An image at full size in a modal dialog: Escape, the Close button or a click beside the
 * image closes it, and focus goes back to the thumbnail that opened it (the browser's
 * `showModal` does both).
 */
export function ImageViewer({ url, alt, download, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    element.showModal();
    return () => element.close();
  }, []);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: Escape closes a modal dialog already
    <dialog
      ref={dialog}
      className="image-viewer"
      aria-label={alt}
      onClose={onClose}
      onClick={(event) => {
        // A click on the backdrop lands on the dialog itself, not on what it holds.
        if (event.target === event.currentTarget) event.currentTarget.close();
      }}
    >
      <img src={url} alt={alt} />
      <div className="image-viewer-buttons">
        {download && (
          <a className="button" href={url} download={download}>
            Download
          </a>
        )}
        <button type="button" className="button" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}
