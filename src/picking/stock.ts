import type { OrderItem } from "../db/shop-tables";

/**
 * How much of a line's product left the shelf for the order: what was ordered until it is picked;
 * after that what was picked (a substitute's own quantity), and nothing for a substitute refused
 * at the door (it went back then). A cancel gives back exactly this.
 */
export const quantityOut = (item: Pick<OrderItem, "quantity" | "pickedQuantity" | "refusedAt">): number =>
  item.refusedAt !== null ? 0 : (item.pickedQuantity ?? item.quantity);
