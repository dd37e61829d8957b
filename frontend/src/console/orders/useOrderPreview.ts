import { useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { CreateOrderInput, OrderPreviewQuery } from '../../gql/graphql';

export const OrderPreview = graphql(`
  query OrderPreview($input: CreateOrderInput!) {
    orderPreview(input: $input) {
      complete
      subtotal {
        amount
        currency
      }
      discountTotal {
        amount
      }
      taxTotal {
        amount
      }
      total {
        amount
        currency
      }
      taxByRate {
        rate
        taxableAmount {
          amount
        }
        tax {
          amount
        }
      }
      shortLines
      mayBackorder
      approvals {
        level
        reasons {
          code
          message
          params
        }
      }
      issues {
        field
        code
        message
        params
      }
      lines {
        skuCode
        minOrderQuantity
        packSize
        unitPrice {
          amount
          currency
        }
        priceRule {
          kind
          bookName
          minQuantity
        }
        net {
          amount
          currency
        }
        tax {
          amount
          currency
        }
        total {
          amount
          currency
        }
        stock {
          enough
          available
          warehouse
        }
      }
    }
  }
`);

export type Preview = OrderPreviewQuery['orderPreview'];
export type PreviewLine = Preview['lines'][number];

/** How long the form waits after the last keystroke before asking the server again. */
const DEBOUNCE_MS = 350;

function useDebounced<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/**
 * The server's preview of the order being entered (prices, tax by rate, stock, approvals),
 * asked again once the input has been still for a moment; urql keeps the last answer while
 * a new one is on its way, so the figures do not flicker.
 */
export function useOrderPreview(input: CreateOrderInput | null): Preview | null {
  const key = input ? JSON.stringify(input) : '';
  const settled = useDebounced(key, DEBOUNCE_MS);
  const [{ data }] = useQuery({
    query: OrderPreview,
    variables: { input: settled ? (JSON.parse(settled) as CreateOrderInput) : { lines: [] } },
    pause: !settled,
    requestPolicy: 'network-only',
  });
  return settled ? (data?.orderPreview ?? null) : null;
}
