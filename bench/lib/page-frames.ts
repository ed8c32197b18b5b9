/**
 * A script for `page.addInitScript`: after each change to the DOM, in the next animation frame
 * (the frame that paints it), evaluates `sample` (a JavaScript expression) and pushes the value
 * onto `window[name]`. Benchmarks read the array back to time what the person saw.
 * `window[name + 'Stop']()` stops recording, for a figure of the app's own main-thread work:
 * the recorder watches every change to the DOM, and a sample may read a whole answer's text.
 */
export function frameRecorder(name: string, sample: string): string {
  return `
    window.${name} = [];
    let scheduled = false;
    const observer = new MutationObserver(() => {
      if (scheduled) return;
      scheduled = true;
      requestAnimationFrame(() => {
        scheduled = false;
        window.${name}.push(${sample});
      });
    });
    observer.observe(document, { subtree: true, childList: true, characterData: true });
    window.${name}Stop = () => observer.disconnect();
  `;
}

/** JavaScript for the text of the newest answer on the page ('' when there is none). */
export const newestAnswerText = `(() => {
  const answers = document.querySelectorAll('article[data-role="assistant"]');
  return answers[answers.length - 1]?.textContent ?? '';
})()`;
