import { modelName } from '../models/model-name.ts';
import { useModels } from '../models/use-models.ts';
import { formatCost, formatTokens } from '../usage/format-usage.ts';
import type { ModelUsage } from '../usage/monthly-usage.ts';
import { useMonthlyUsage } from '../usage/use-monthly-usage.ts';

const monthName = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric' });

/** Settings › Usage: this month's tokens and cost per model, from the answers on this device. */
export function UsageSection() {
  const { month, rows } = useMonthlyUsage();
  const models = useModels();
  const total = rows && sum(rows);
  const caption = `Usage in ${monthName.format(month)}`;

  return (
    <section className="settings-section" aria-labelledby="settings-usage">
      <h2 id="settings-usage">Usage</h2>
      {rows === undefined && <p className="muted">Counting…</p>}
      {rows?.length === 0 && <p className="muted">No answers yet in {monthName.format(month)}.</p>}
      {total && rows && rows.length > 0 && (
        <table className="usage-table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Answers</th>
              <th scope="col">Tokens in</th>
              <th scope="col">Tokens out</th>
              <th scope="col">Cost</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <UsageRow key={row.model} name={modelName(models, row.model)} row={row} />
            ))}
          </tbody>
          {rows.length > 1 && (
            <tfoot>
              <UsageRow name="Total" row={total} />
            </tfoot>
          )}
        </table>
      )}
      <p className="muted">
        Counted on this device from your synced answers ({monthName.format(month)}). Costs are what
        OpenRouter reported.
      </p>
    </section>
  );
}

function UsageRow({ name, row }: { name: string; row: ModelUsage }) {
  return (
    <tr data-model={row.model}>
      <th scope="row">{name}</th>
      <td>{formatTokens(row.answers)}</td>
      <td>{formatTokens(row.inputTokens)}</td>
      <td>{formatTokens(row.outputTokens)}</td>
      <td>{costText(row)}</td>
    </tr>
  );
}

/** An answer without a reported cost makes the sum a lower bound. */
function costText(row: ModelUsage): string {
  if (row.unpriced === row.answers) return 'unknown';
  return row.unpriced > 0 ? `at least ${formatCost(row.costUsd)}` : formatCost(row.costUsd);
}

function sum(rows: readonly ModelUsage[]): ModelUsage {
  return rows.reduce<ModelUsage>(
    (total, row) => ({
      model: '',
      answers: total.answers + row.answers,
      inputTokens: total.inputTokens + row.inputTokens,
      outputTokens: total.outputTokens + row.outputTokens,
      costUsd: total.costUsd + row.costUsd,
      unpriced: total.unpriced + row.unpriced,
    }),
    { model: '', answers: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, unpriced: 0 },
  );
}
