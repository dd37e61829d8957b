/** Where a quote's page is: by its number. */
export function quotePath(number: string): string {
  return `/quotes/${encodeURIComponent(number)}`;
}
