import { useReasoningWanted } from './reasoning-choice.ts';
import { useModels } from './use-models.ts';

/**
 * "Think": asks the chosen model to reason before it answers. Shown only for models that can;
 * remembered per model on this device.
 */
export function ReasoningToggle({ model }: { model: string }) {
  const models = useModels();
  const [wanted, setWanted] = useReasoningWanted(model);
  if (!models.find((m) => m.id === model)?.reasoning) return null;
  return (
    <button
      type="button"
      className="button button--quiet reasoning-toggle"
      aria-pressed={wanted}
      title={
        wanted
          ? 'This model reasons before it answers. Click to answer directly.'
          : 'Ask this model to reason before it answers'
      }
      onClick={() => setWanted(!wanted)}
    >
      Think
    </button>
  );
}
