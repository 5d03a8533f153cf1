import { quantityLabel } from "../../src/catalog/units";
import type { Unit } from "../../src/db/schema";
import type { PickListLine } from "../../src/picking/lists";
import { Field, QuantityField } from "../components/form";

type Money = (cents: number) => string;

/** What was typed and what was wrong with it, when a line's form comes back (422). */
export type LineProblem = { message: string; values: Record<string, string> };

const kg = (grams: number) => `${Number((grams / 1000).toFixed(3))} kg`;
const amountText = (milli: number) => String(Number((milli / 1000).toFixed(3)));

export const lineAnchor = (lineId: number) => `pick-line-${lineId}`;
export const lineAction = (line: Pick<PickListLine, "orderId" | "lineId">) => `/manage/picking/orders/${line.orderId}/lines/${line.lineId}`;

/** "2 × about 1.2 kg · est. €8.99", "1.5 kg", "3". */
export function orderedText(line: PickListLine, money: Money): string {
  const amount = quantityLabel(line.quantity, line.unit as Unit);
  if (line.pricePerKgCents !== null) return `${amount} × about ${kg(line.estimatedWeightGrams ?? 0)} · est. ${money(line.lineTotalCents)}`;
  if (line.unit === "each") return line.quantity === 1000 ? `1 × ${money(line.priceCents)}` : `${amount} × ${money(line.priceCents)} = ${money(line.lineTotalCents)}`;
  return `${amount} · ${money(line.lineTotalCents)}`;
}

/** What has been recorded for the line so far, in words. */
export function recordText(line: PickListLine): string | null {
  const record = line.record;
  if (!record) return null;
  const unit = line.unit as Unit;
  const picked =
    record.pickedQuantity === 0
      ? "None picked"
      : record.pickedQuantity < line.quantity && line.pricePerKgCents === null && line.unit !== "kg" && line.unit !== "g"
        ? `Short: ${quantityLabel(record.pickedQuantity, unit)} of ${quantityLabel(line.quantity, unit)}`
        : `Picked ${quantityLabel(record.pickedQuantity, unit)}`;
  const weight = record.pickedWeightGrams !== null ? `, ${kg(record.pickedWeightGrams)}` : "";
  const substitute =
    record.substituteName !== null
      ? ` · substitute: ${record.substituteName} ${record.substituteWeightGrams !== null ? kg(record.substituteWeightGrams) : quantityLabel(record.substituteQuantity ?? 0, (record.substituteUnit ?? "each") as Unit)}`
      : "";
  return `${picked}${weight}${substitute}`;
}

/** One line of the walk: what to pick, the shopper's wishes, and the form that records it. */
export function PickLineItem({ line, money, back, problem, scanned }: { line: PickListLine; money: Money; back: string; problem?: LineProblem; scanned?: boolean }) {
  const done = recordText(line);
  const weighedPiece = line.pricePerKgCents !== null;
  const action = lineAction(line);
  const values = problem?.values ?? {};
  const pickedValue = values.picked ?? (line.record ? amountText(line.record.pickedQuantity) : amountText(line.quantity));
  const weightValue = values.weight_kg ?? (line.record?.pickedWeightGrams ? amountText(line.record.pickedWeightGrams) : "");
  const fieldId = (name: string) => `pick-${line.lineId}-${name}`;
  return (
    <li id={lineAnchor(line.lineId)} class={`pick-line${done ? " pick-line-done" : ""}${problem ? " line-problem" : ""}`}>
      <div class="pick-line-head">
        <strong class="pick-line-name">{line.name}</strong>
        <span class="pick-line-order">{line.orderNumber}</span>
      </div>
      <p class="pick-line-ordered">
        {orderedText(line, money)}
        {line.gtin ? <span class="muted small"> · barcode {line.gtin}</span> : null}
      </p>
      <p class="pick-line-wishes small">
        {line.allowSubstitute ? <span class="pick-tag pick-tag-ok">Substitute OK</span> : <span class="pick-tag pick-tag-no">No substitutes</span>}
        {line.substituteNote ? <q class="pick-note">{line.substituteNote}</q> : null}
      </p>
      {done ? (
        <p class="pick-line-record" role="status">
          ✓ {done}
          {scanned ? <span class="pick-scanned"> · barcode matches</span> : null}
        </p>
      ) : null}
      {line.orderStatus === "picking" ? (
        <form class="pick-form" method="post" action={action} hx-post={action} hx-target={`#${lineAnchor(line.lineId)}`} hx-swap="outerHTML">
          <input type="hidden" name="back" value={back} />
          <div class="pick-fields">
            <QuantityField
              label={line.unit === "kg" || line.unit === "g" ? <>Picked<span class="visually-hidden"> ({line.unit})</span></> : "Picked"}
              name="picked"
              id={fieldId("picked")}
              values={{ picked: pickedValue }}
              errors={{}}
              unit={line.unit}
              required={false}
              autocomplete="off"
              attributes={{ "aria-invalid": problem ? "true" : undefined }}
            />
            {weighedPiece ? (
              <QuantityField
                label={<>Weight<span class="visually-hidden"> (kg)</span></>}
                name="weight_kg"
                id={fieldId("weight")}
                values={{ weight_kg: weightValue }}
                errors={{}}
                unit="kg"
                required={false}
                autocomplete="off"
                placeholder={amountText(line.estimatedWeightGrams ?? 0)}
              />
            ) : null}
            {line.gtin ? (
              <Field
                label="Scan or type barcode"
                name="barcode"
                id={fieldId("barcode")}
                values={{ barcode: values.barcode ?? "" }}
                errors={{}}
                required={false}
                inputmode="numeric"
                autocomplete="off"
                attributes={{ enterkeyhint: "done", "aria-invalid": problem && values.barcode ? "true" : undefined }}
              />
            ) : null}
          </div>
          {problem ? <p class="field-error" role="alert">{problem.message}</p> : null}
          <div class="pick-actions">
            <button type="submit" class="button" name="action" value="save">{done ? "Save" : "Picked"}</button>
            <button type="submit" class="button button-quiet" name="action" value="none">None in stock</button>
            {line.allowSubstitute ? (
              <a class="button button-quiet" href={`${action}/substitute?back=${encodeURIComponent(back)}`}>Substitute…</a>
            ) : null}
          </div>
        </form>
      ) : null}
    </li>
  );
}
