import { modelName } from './model-name.ts';
import { useModels } from './use-models.ts';

type Props = {
  /** The selected model's id; shown by name even when the catalog does not list it. */
  value: string;
  onChange: (model: string) => void;
};

/**
 * The `Model` control: a native select of the catalog, showing model names. Deliberately
 * simple, to be replaced by a searchable picker.
 */
export function ModelSelect({ value, onChange }: Props) {
  const models = useModels();
  const listed = models.some((model) => model.id === value);
  return (
    <select
      aria-label="Model"
      className="model-select"
      value={value}
      onChange={(event) => onChange(event.target.value)}
    >
      {!listed && <option value={value}>{modelName(models, value)}</option>}
      {models.map((model) => (
        <option key={model.id} value={model.id}>
          {model.name}
        </option>
      ))}
    </select>
  );
}
