import { Column, entityKind, is, SQL } from "drizzle-orm";

/*
 * Drizzle turns each row of a select into objects by walking the field list generically for every
 * row and every column (mapResultRow: a reduce, an `is()` test per column, a path iterator). For a
 * page of 24 products of 47 columns that cost about half as much as SQLite reading them (ADR 058).
 * `withFastRows` works out the same walk once per prepared select (which field goes where, which
 * column needs decoding: timestamps, booleans, JSON) and replays it per row: the same objects,
 * keys in the same order, the same values. On the embedded bun:sqlite driver only (its `values()`
 * answers plain arrays synchronously); the other drivers keep Drizzle's own mapping.
 */

type Decoder = { mapFromDriverValue(value: unknown): unknown };
type SelectedField = { path: string[]; field: unknown };
/** Open a nested object (holder) under its parent, or set one column's value on its holder. */
type Step =
  | { open: true; holder: number; parent: number; key: string }
  | {
      open: false;
      holder: number;
      key: string;
      index: number;
      decode: ((value: unknown) => unknown) | null;
    };

type PreparedSelect = {
  fields?: SelectedField[];
  joinsNotNullableMap?: Record<string, boolean>;
  customResultMapper?: unknown;
  values(placeholders?: Record<string, unknown>): unknown;
  all(placeholders?: Record<string, unknown>): unknown;
};

const identity = Column.prototype.mapFromDriverValue;

function decoderOf(field: unknown): Decoder | null {
  if (is(field, Column)) return field;
  // A SQL field's decoder (from `.mapWith()`) is internal to Drizzle, hence the casts.
  if (is(field, SQL)) return (field as unknown as { decoder: Decoder }).decoder;
  if (is(field, SQL.Aliased)) return (field.sql as unknown as { decoder: Decoder }).decoder;
  return null;
}

/** The steps that build one row, or null when this select needs what only Drizzle does (outer joins, subquery fields). */
export function rowSteps(fields: SelectedField[], joinsNotNullableMap: Record<string, boolean> | undefined): Step[] | null {
  // A left or full join may null a whole joined table: Drizzle's own mapping handles that.
  if (joinsNotNullableMap && Object.values(joinsNotNullableMap).some((notNull) => !notNull)) return null;
  const steps: Step[] = [];
  const holders = new Map<string, number>([["", 0]]);
  for (const [index, { path, field }] of fields.entries()) {
    const decoder = decoderOf(field);
    if (!decoder || path.length === 0) return null;
    let parent = 0;
    for (let depth = 0; depth < path.length - 1; depth++) {
      const name = path.slice(0, depth + 1).join("\u0000");
      let holder = holders.get(name);
      if (holder === undefined) {
        holder = holders.size;
        holders.set(name, holder);
        steps.push({ open: true, holder, parent, key: path[depth]! });
      }
      parent = holder;
    }
    const decode = decoder.mapFromDriverValue === identity ? null : (value: unknown) => decoder.mapFromDriverValue(value);
    steps.push({
      open: false,
      holder: parent,
      key: path.at(-1)!,
      index,
      decode,
    });
  }
  return steps;
}

/** One row (an array of column values) as Drizzle would map it, by the steps worked out once. */
export function mapRow(steps: Step[], row: unknown[]): Record<string, unknown> {
  const holders: Record<string, unknown>[] = [{}];
  for (const step of steps) {
    if (step.open) {
      const nested: Record<string, unknown> = {};
      holders[step.parent]![step.key] = nested;
      holders[step.holder] = nested;
    } else {
      const value = row[step.index];
      holders[step.holder]![step.key] = value === null ? null : step.decode ? step.decode(value) : value;
    }
  }
  return holders[0]!;
}

/**
 * The prepared select, its `all()` answering through steps worked out once (bun:sqlite only; the
 * prepared query is returned untouched on every other driver or for a select the steps cannot map).
 */
export function withFastRows<Q>(prepared: Q): Q {
  const query = prepared as unknown as PreparedSelect;
  const kind = (query.constructor as unknown as Record<symbol, string>)[entityKind];
  if (kind !== "SQLiteBunPreparedQuery" || !query.fields || query.customResultMapper) return prepared;
  const steps = rowSteps(query.fields, query.joinsNotNullableMap);
  if (!steps) return prepared;
  query.all = (placeholders) => (query.values(placeholders) as unknown[][]).map((row) => mapRow(steps, row));
  return prepared;
}
