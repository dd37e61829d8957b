/** A survey rating as people read it: Good / Bad in their language, or "4 / 5". */
export function ratingLabel(t: (key: string) => string, rating: string): string {
  return rating === 'GOOD' || rating === 'BAD' ? t(`csat.ratings.${rating}`) : `${rating} / 5`;
}
