import { modelName } from '../models/model-name.ts';
import { useModels } from '../models/use-models.ts';
import { formatCost, formatTokens } from '../usage/format-usage.ts';
import { estimateInput } from '../usage/input-estimate.ts';

type Props = {
  /** Characters of the conversation so far plus the draft: all of it is sent again. */
  chars: number;
  model: string;
};

/**
 * Under the composer of a long conversation: roughly what sending costs in input alone, from the
 * catalog's prompt price. Nothing while the conversation is short.
 */
export function InputEstimateLine({ chars, model }: Props) {
  const models = useModels();
  const pricing = models.find((entry) => entry.id === model)?.pricing;
  const estimate = estimateInput(chars, pricing);
  if (!estimate) return null;
  const tokens = `About ${formatTokens(estimate.tokens)} tokens of conversation are sent with each message`;
  const cost =
    estimate.costUsd === null
      ? ''
      : `: ${estimate.costUsd === 0 ? 'free' : `about ${formatCost(estimate.costUsd)} of input`} on ${modelName(models, model)}`;
  return (
    <p className="composer-estimate" data-input-estimate>
      {`${tokens}${cost}.`}
    </p>
  );
}
