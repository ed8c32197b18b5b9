import { Link } from '@tanstack/react-router';
import { useEffect, useId, useRef, useState } from 'react';
import type { AttachmentMediaType } from '../../shared/entities.ts';
import { whatModelCannotRead } from '../../shared/model-inputs.ts';
import { useNeedsKey } from './key-needed.tsx';
import { filterModels } from './model-facts.ts';
import { ModelList } from './model-list.tsx';
import { modelName } from './model-name.ts';
import { useModels } from './use-models.ts';

type Props = {
  /** The selected model's id; shown by name even when the catalog does not list it. */
  value: string;
  onChange: (model: string) => void;
  /** The types of the files waiting to be sent: models that cannot read them are not offered. */
  attachmentTypes?: readonly AttachmentMediaType[] | undefined;
};

const noAttachments: readonly AttachmentMediaType[] = [];

/**
 * The `Model` control: shows the chosen model's name; opens a searchable list of the catalog
 * with each model's context length, price and capabilities. Works offline from the catalog
 * kept on the device. A chosen model no key can pay for links to Settings beside it, before
 * anything is sent to it. Models that cannot read the files waiting to be sent stay listed,
 * saying why, but cannot be chosen.
 */
export function ModelPicker({ value, onChange, attachmentTypes = noAttachments }: Props) {
  const models = useModels();
  const needsKey = useNeedsKey();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const container = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const labelId = useId();
  const valueId = useId();
  const listId = useId();

  const close = (refocus: boolean) => {
    setOpen(false);
    setQuery('');
    if (refocus) toggle.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    search.current?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && !container.current?.contains(event.target)) {
        setOpen(false);
        setQuery('');
      }
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const shown = filterModels(models, query);
  return (
    <div className="model-picker" ref={container}>
      <span id={labelId} className="visually-hidden">
        Model
      </span>
      <button
        ref={toggle}
        type="button"
        className="model-picker-toggle"
        aria-labelledby={`${labelId} ${valueId}`}
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        onClick={() => (open ? close(false) : setOpen(true))}
      >
        <span id={valueId}>{modelName(models, value)}</span>
      </button>
      {needsKey(value) && (
        <Link className="model-picker-key" to="/settings" search={{ section: 'keys' }}>
          Add an API key
        </Link>
      )}
      {open && (
        <div className="model-picker-panel">
          <input
            ref={search}
            type="search"
            aria-label="Search models"
            placeholder="Search models"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                event.preventDefault();
                close(true);
              } else if (event.key === 'ArrowDown') {
                event.preventDefault();
                document.getElementById(listId)?.querySelector('button')?.focus();
              }
            }}
          />
          {shown.length === 0 ? (
            <p className="model-picker-empty">No model matches “{query}”.</p>
          ) : (
            <ModelList
              id={listId}
              models={shown}
              current={value}
              focusOnShow={false}
              unavailable={(model) => whatModelCannotRead(model, attachmentTypes)}
              onChoose={(model) => {
                onChange(model);
                close(true);
              }}
              onDismiss={() => close(true)}
            />
          )}
        </div>
      )}
    </div>
  );
}
