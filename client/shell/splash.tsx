/**
 * What shows while the app starts. index.html's #root holds the same markup, so the name is
 * painted as soon as the page and its styles arrive, before any script has run; React puts
 * this in its place until the session and the app's chunk are ready (splash.test.tsx keeps the
 * two alike). For someone returning, index.html hides the name: their list is moments away,
 * and a logo flashing before it would make an instant start feel slower.
 */
export function Splash() {
  return (
    <div className="splash" aria-busy="true">
      <p className="brand splash-brand">Parley</p>
    </div>
  );
}
