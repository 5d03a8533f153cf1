import type { Config } from "../config";
import { DEFAULT_WEIGHT_TOLERANCE_BP, toleranceBpOf } from "./max-charge";
import { allowsSubstitute } from "./substitution-preferences";

/** The store's picking settings, from configuration (ADR 028). */
export type PickingSettings = {
  /** How far above its estimate a weighed line may be picked, in basis points (1000 = 10 %). */
  weightToleranceBp: number;
  /** Whether a line allows a substitute when neither the line nor the shopper says. */
  substitutesByDefault: boolean;
};

export const DEFAULT_PICKING_SETTINGS: PickingSettings = { weightToleranceBp: DEFAULT_WEIGHT_TOLERANCE_BP, substitutesByDefault: true };

export const pickingSettings = (config: Pick<Config, "WEIGHT_TOLERANCE_PERCENT" | "SUBSTITUTES_ALLOWED_BY_DEFAULT">): PickingSettings => ({
  weightToleranceBp: toleranceBpOf(config),
  substitutesByDefault: config.SUBSTITUTES_ALLOWED_BY_DEFAULT,
});

type CartLinePicking = { allowSubstitute: boolean | null; substituteNote: string | null; pricePerKgCents: number | null; estimatedWeightGrams: number | null };

/** What an order line keeps of a cart line for the picker: the resolved substitution choice, the note, the weight pricing. */
export const orderedLinePicking = (line: CartLinePicking, shopperDefault: boolean | null, settings: PickingSettings) => ({
  allowSubstitute: allowsSubstitute(line.allowSubstitute, shopperDefault, settings.substitutesByDefault),
  substituteNote: line.substituteNote,
  pricePerKgCents: line.pricePerKgCents,
  estimatedWeightGrams: line.estimatedWeightGrams,
});
