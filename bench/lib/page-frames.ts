/**
 * A script for `page.addInitScript`: after each change to the DOM, in the next animation frame
 * (the frame that paints it), evaluates `sample` (a JavaScript expression) and pushes the value
 * onto `window[name]`. Benchmarks read the array back to time what the person saw.
 */
export function frameRecorder(name: string, sample: string): string {
  return `
    window.${name} = [];
    let scheduled = false;
    new MutationObserver(() => {
      if (scheduled) return;
      scheduled = true;
      requestAnimationFrame(() => {
        scheduled = false;
        window.${name}.push(${sample});
      });
    }).observe(document, { subtree: true, childList: true, characterData: true });
  `;
}

/** JavaScript for the text of the newest answer on the page ('' when there is none). */
export const newestAnswerText = `(() => {
  const answers = document.querySelectorAll('article[data-role="assistant"]');
  return answers[answers.length - 1]?.textContent ?? '';
})()`;
