import { quantityLabel } from "../../src/catalog/units";
import type { Unit } from "../../src/db/schema";
import type { PickListLine } from "../../src/picking/lists";
import type { SubstituteCandidate } from "../../src/picking/substitutes";
import { QuantityField } from "../components/form";
import { lineAction, orderedText } from "./pick-line";

type Money = (cents: number) => string;

export type SubstitutePageProps = {
  line: PickListLine;
  candidates: SubstituteCandidate[];
  query: string;
  money: Money;
  back: string;
  /** Of the ordered product, what stays picked beside the substitute (thousandths). */
  pickedQuantity: number;
  /** The most the substitute is charged: what the part of the line it replaces would have cost. */
  capCents: number;
  error?: string;
};

const amountText = (milli: number) => String(Number((milli / 1000).toFixed(3)));

function CandidateItem({ candidate, props }: { candidate: SubstituteCandidate; props: SubstitutePageProps }) {
  const { line, money, back } = props;
  const missing = Math.max(1000, line.quantity - props.pickedQuantity);
  const wholeUnits = candidate.unit === "each" || candidate.unit === "dozen";
  const defaultQuantity = wholeUnits ? Math.max(1000, Math.round(missing / 1000) * 1000) : 1000;
  const id = (name: string) => `sub-${candidate.productId}-${name}`;
  return (
    <li class="pick-line">
      <div class="pick-line-head">
        <strong>{candidate.name}</strong>
        {candidate.sameAisle ? <span class="pick-tag pick-tag-ok">Same aisle</span> : null}
      </div>
      <p class="small">
        {candidate.pricePerKgCents !== null ? `${money(candidate.pricePerKgCents)} / kg, about ${candidate.estimatedWeightGrams! / 1000} kg` : `${money(candidate.priceCents)}${candidate.unit === "each" ? " each" : ` / ${candidate.unit}`}`}
        {" · "}
        {candidate.priceCents > props.capCents ? <strong>the shopper pays at most {money(props.capCents)}</strong> : "charged at its own price"}
        {candidate.gtin ? <span class="muted"> · {candidate.gtin}</span> : null}
      </p>
      <form class="pick-form" method="post" action={lineAction(line)}>
        <input type="hidden" name="back" value={back} />
        <input type="hidden" name="action" value="save" />
        <input type="hidden" name="picked" value={amountText(props.pickedQuantity)} />
        <input type="hidden" name="substitute_product_id" value={String(candidate.productId)} />
        <div class="pick-fields">
          <QuantityField
            label={candidate.unit === "each" ? "How many" : <>How much<span class="visually-hidden"> ({candidate.unit})</span></>}
            name="substitute_quantity"
            id={id("quantity")}
            values={{ substitute_quantity: amountText(defaultQuantity) }}
            errors={{}}
            unit={candidate.unit}
            required={false}
            autocomplete="off"
          />
          {candidate.pricePerKgCents !== null ? (
            <QuantityField
              label={<>Weight<span class="visually-hidden"> (kg)</span></>}
              name="substitute_weight_kg"
              id={id("weight")}
              values={{}}
              errors={{}}
              unit="kg"
              required={false}
              autocomplete="off"
              placeholder={amountText(candidate.estimatedWeightGrams ?? 0)}
            />
          ) : null}
        </div>
        <div class="pick-actions">
          <button type="submit" class="button">Use {candidate.name}</button>
        </div>
      </form>
    </li>
  );
}

/** Choosing a substitute for a line: search by name or barcode (a scanner types and presses Enter), suggestions from the same aisle. */
export function SubstitutePage(props: SubstitutePageProps) {
  const { line, money } = props;
  const url = `${lineAction(line)}/substitute`;
  return (
    <section class="picking">
      <p><a href={props.back}>← Back to the walk</a></p>
      <h1>Substitute for {line.name}</h1>
      <p>
        {line.orderNumber} · ordered {orderedText(line, money)} · picked {quantityLabel(props.pickedQuantity, line.unit as Unit)} of it
      </p>
      {line.substituteNote ? (
        <p>
          Shopper's note: <q class="pick-note">{line.substituteNote}</q>
        </p>
      ) : null}
      <p class="muted small">A substitute is never charged more than what it replaces ({money(props.capCents)}); a cheaper one at its own price.</p>
      {props.error ? <p class="field-error" role="alert">{props.error}</p> : null}
      <form class="filters pick-filters" method="get" action={url} hx-get={url} hx-trigger="input changed delay:300ms from:#sub-q, submit" hx-select="#substitute-results" hx-target="#substitute-results" hx-swap="outerHTML">
        <input type="hidden" name="back" value={props.back} />
        <label for="sub-q">Name or barcode</label>
        <input id="sub-q" type="search" name="q" value={props.query} autocomplete="off" autofocus />
        <button type="submit" class="button button-small">Search</button>
      </form>
      <div id="substitute-results">
        <h2>{props.query ? `Matching “${props.query}”` : "From the same aisle"}</h2>
        {props.candidates.length === 0 ? (
          <p class="empty">No product on the shelf matches. Try another name, or scan its barcode.</p>
        ) : (
          <ol class="pick-lines">
            {props.candidates.map((candidate) => (
              <CandidateItem candidate={candidate} props={props} />
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
