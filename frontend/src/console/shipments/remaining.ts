/** What remains to ship of an order line (ordered less shipped), never below 0. Quantities
 * have at most 3 decimals, so thousandths keep the arithmetic exact. */
export function remainingOf(line: { quantity: string; shippedQuantity: string }): number {
  const thousandths =
    Math.round(Number(line.quantity) * 1000) - Math.round(Number(line.shippedQuantity) * 1000);
  return Math.max(0, thousandths) / 1000;
}
