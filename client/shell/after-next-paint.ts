/** How long to wait for a frame before going on without one: a hidden tab paints none. */
const noFrameMs = 100;

/**
 * Resolves in a task after the page's next frame has been painted: for work the person should
 * not wait for, started by an input whose visible effect must paint first. (A frame's
 * animation callbacks run just before its paint; a task queued from one runs after it.)
 */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const go = () => {
      clearTimeout(timer);
      resolve();
    };
    timer = setTimeout(go, noFrameMs);
    requestAnimationFrame(() => setTimeout(go, 0));
  });
}
