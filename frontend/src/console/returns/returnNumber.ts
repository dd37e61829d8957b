/** What a user types to find a return ("42", "rma-42", "RMA-000042") as the number the
 * server knows (RMA-000042); other text is passed on trimmed, for the server to refuse. */
export function normalizedReturnNumber(text: string): string {
  const trimmed = text.trim();
  const match = /^(?:rma-?)?0*(\d{1,6})$/i.exec(trimmed);
  const digits = match?.[1];
  return digits ? `RMA-${digits.padStart(6, '0')}` : trimmed;
}
