import { type KeyboardEvent, useEffect, useRef } from 'react';
import type { CatalogModel } from '../../shared/model-catalog.ts';
import { formatPrice } from './format-price.ts';
import { KeyNeededNote, useNeedsKey } from './key-needed.tsx';
import { capabilityBadges, formatContext } from './model-facts.ts';

type Props = {
  id: string;
  models: readonly CatalogModel[];
  /** The model to mark and focus first, if listed. */
  current: string | null;
  onChoose: (model: string) => void;
  /** Escape: the list should close (and give the focus back). */
  onDismiss: () => void;
  /** Focus the current model when shown (off when a search box above has the focus). */
  focusOnShow?: boolean;
  /** Why a model cannot be chosen (it cannot read what is attached); undefined: it can. */
  unavailable?: ((model: CatalogModel) => string | undefined) | undefined;
};

/**
 * Models as a list of buttons: name, context length, price per million tokens, and what they
 * can do beyond text. Arrow keys move between
 * them, Escape dismisses. Used inline (it pushes the page down) so it is never clipped.
 * When no key can pay for OpenRouter's models, they say so and a note links to Settings.
 */
export function ModelList({
  id,
  models,
  current,
  onChoose,
  onDismiss,
  focusOnShow = true,
  unavailable = () => undefined,
}: Props) {
  const list = useRef<HTMLUListElement>(null);
  const needsKey = useNeedsKey();

  useEffect(() => {
    if (!focusOnShow) return;
    const buttons = list.current?.querySelectorAll('button');
    const first = list.current?.querySelector<HTMLButtonElement>('[aria-current="true"]');
    (first ?? buttons?.[0])?.focus();
    list.current?.scrollIntoView({ block: 'nearest' });
  }, [focusOnShow]);

  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    if (event.key === 'Escape') {
      // Handled here: the conversation page must not also take it as "stop the answer".
      event.preventDefault();
      onDismiss();
      return;
    }
    const step = { ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const buttons = [...(list.current?.querySelectorAll('button') ?? [])];
    const at = buttons.findIndex((button) => button.matches(':focus'));
    buttons[(at + step + buttons.length) % buttons.length]?.focus();
  }

  const showNote = models.some((model) => needsKey(model.id));
  return (
    <>
      {showNote && <KeyNeededNote />}
      <ul id={id} className="model-list" ref={list} onKeyDown={onKeyDown}>
        {models.map((model) => {
          const why = unavailable(model);
          return (
            <li key={model.id}>
              {/* Listed and focusable, so the reason is read out; only not chosen. */}
              <button
                type="button"
                className="model-list-item"
                aria-current={model.id === current ? 'true' : undefined}
                aria-disabled={why ? 'true' : undefined}
                onClick={() => {
                  if (!why) onChoose(model.id);
                }}
              >
                <span className="model-list-name">{model.name}</span>
                <span className="model-list-price">
                  {[formatContext(model), formatPrice(model)].filter(Boolean).join(' · ')}
                </span>
                {(capabilityBadges(model).length > 0 || needsKey(model.id) || why) && (
                  <span className="model-list-badges">
                    {why && <span className="badge badge--warning">{why}</span>}
                    {needsKey(model.id) && (
                      <span className="badge badge--warning">Needs a key</span>
                    )}
                    {capabilityBadges(model).map((badge) => (
                      <span key={badge} className="badge">
                        {badge}
                      </span>
                    ))}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </>
  );
}
