import { getDocumentProxy } from 'unpdf';

/** How much of a PDF is read for a model that cannot take the file itself. */
export type PdfTextLimits = {
  /** Pages read at most, from the first. */
  pages: number;
  /** Characters kept at most; reading stops once they are in. */
  chars: number;
  /** How long reading may take before what is in is kept. */
  timeMs: number;
};

export const pdfTextLimits: PdfTextLimits = { pages: 200, chars: 400_000, timeMs: 10_000 };

/** A PDF's text, and whether some of it was left out (the limits, or a page that failed). */
export type PdfText = { text: string; cut: boolean };

/**
 * The text of a PDF, page by page, within `limits`: a long or hostile document costs a bounded
 * amount of work, and what was read by then is kept. PDF.js parses in this thread, so the
 * time limit is checked between pages; one page is bounded by the file's own size limit.
 * Resolves with empty text for a PDF it cannot parse (a scan has no text either).
 */
export async function extractPdfText(
  bytes: Uint8Array,
  limits: PdfTextLimits = pdfTextLimits,
): Promise<PdfText> {
  const deadline = performance.now() + limits.timeMs;
  // PDF.js takes the buffer over (transfers it): it is given a copy it may keep.
  const document = await getDocumentProxy(new Uint8Array(bytes), {
    // Nothing is drawn: fonts and images are never needed for the text.
    disableFontFace: true,
    stopAtErrors: false,
    // Its warnings about damaged files would go to the log for every answer that reads one.
    verbosity: 0,
  }).catch(() => undefined);
  if (!document) return { text: '', cut: false };
  try {
    const pages: string[] = [];
    let chars = 0;
    let cut = document.numPages > limits.pages;
    const last = Math.min(document.numPages, limits.pages);
    for (let number = 1; number <= last; number++) {
      if (performance.now() > deadline || chars >= limits.chars) {
        cut = true;
        break;
      }
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str;
        if (item.hasEOL) text += '\n';
      }
      page.cleanup();
      pages.push(text.trim());
      chars += text.length;
    }
    let text = pages.filter((page) => page !== '').join('\n\n');
    if (text.length > limits.chars) {
      text = text.slice(0, limits.chars);
      cut = true;
    }
    return { text, cut };
  } catch {
    return { text: '', cut: true };
  } finally {
    await document.destroy().catch(() => {});
  }
}
