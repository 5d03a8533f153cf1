type Def = {
  type?: string;
  shape?: Record<string, unknown>;
  catchall?: Node;
  element?: unknown;
  items?: unknown[];
  rest?: unknown;
  innerType?: unknown;
  in?: unknown;
  options?: unknown[];
  valueType?: unknown;
  getter?: () => unknown;
};
type Node = { _zod?: { def?: Def }; shape?: Record<string, unknown> };

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "catch", "readonly", "nonoptional"]);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Through optional, default, transforms and lazy to the schema that says what the value's shape is. */
function unwrap(schema: unknown): Def | undefined {
  let current = schema as Node | undefined;
  for (let depth = 0; current && depth < 16; depth++) {
    const def = current._zod?.def;
    if (!def?.type) return undefined;
    if (WRAPPERS.has(def.type)) current = def.innerType as Node;
    else if (def.type === "pipe") current = def.in as Node;
    else if (def.type === "lazy") current = def.getter?.() as Node;
    else return def.type === "object" ? { ...def, shape: current.shape ?? def.shape } : def;
  }
  return undefined;
}

/**
 * The fields of a JSON value its zod schema does not declare, at any depth, as paths (["items", 0,
 * "colour"]). Null when the value is not of the schema's kind at all (the route's own validation
 * says what is wrong then). A loose object or a record takes any key; a union is judged by the
 * alternative that fits best.
 */
export function unknownFields(schema: unknown, value: unknown, path: (string | number)[] = []): (string | number)[][] | null {
  const def = unwrap(schema);
  if (!def) return [];
  switch (def.type) {
    case "object": {
      if (!isRecord(value)) return null;
      const shape = def.shape ?? {};
      const catchall = def.catchall?._zod?.def?.type;
      const strict = !catchall || catchall === "never" || catchall === "unknown";
      const found: (string | number)[][] = [];
      for (const [key, field] of Object.entries(value)) {
        if (key in shape) found.push(...(unknownFields(shape[key], field, [...path, key]) ?? []));
        else if (strict) found.push([...path, key]);
        else found.push(...(unknownFields(def.catchall, field, [...path, key]) ?? []));
      }
      return found;
    }
    case "array":
      if (!Array.isArray(value)) return null;
      return value.flatMap((item, i) => unknownFields(def.element, item, [...path, i]) ?? []);
    case "tuple":
      if (!Array.isArray(value)) return null;
      return value.flatMap((item, i) => unknownFields(def.items?.[i] ?? def.rest, item, [...path, i]) ?? []);
    case "record":
      if (!isRecord(value)) return null;
      return Object.entries(value).flatMap(([key, item]) => unknownFields(def.valueType, item, [...path, key]) ?? []);
    case "union": {
      const fits = (def.options ?? []).map((option) => unknownFields(option, value, path)).filter((found) => found !== null);
      if (fits.length === 0) return null;
      return fits.reduce((best, found) => (found.length < best.length ? found : best));
    }
    default:
      return [];
  }
}
