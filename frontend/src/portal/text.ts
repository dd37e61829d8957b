/** Plain text for the portal's addresses and quantities. */

export interface AddressLike {
  label?: string | null;
  recipient: string;
  line1: string;
  line2?: string | null;
  city: string;
  region?: string | null;
  postalCode?: string | null;
  country: string;
}

export function addressText(address: AddressLike): string {
  const place = [address.postalCode, address.city, address.region].filter(Boolean).join(' ');
  return [address.recipient, address.line1, address.line2, place, address.country]
    .filter(Boolean)
    .join(', ');
}

/** Decimal strings from the API without trailing zeros ("2.000" -> "2"). */
export function quantityText(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}
