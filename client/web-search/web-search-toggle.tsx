import { GlobeIcon } from '../shell/icons.tsx';

/**
 * "Search the web": asks the answers sent next to search the web first and cite what they read
 * (OpenRouter's web plugin, which costs a little per search). In a conversation it is the
 * conversation's own setting, synced; on a new chat it goes with the first message.
 */
export function WebSearchToggle({
  on,
  onChange,
}: {
  on: boolean;
  onChange: (on: boolean) => void;
}) {
  return (
    <button
      type="button"
      className="button button--quiet web-search-toggle"
      aria-pressed={on}
      title={
        on
          ? 'Answers here search the web first and list their sources. Click to stop.'
          : 'Let answers search the web first and list their sources'
      }
      onClick={() => onChange(!on)}
    >
      <GlobeIcon />
      Search the web
    </button>
  );
}
