import { useState, type Key } from 'react';
import { graphql } from '../../gql';

interface RowError {
  code: string;
  message: string;
}

/** One selected row's outcome, as the bulk mutations return it. */
export interface BulkRow {
  id: string;
  ok: boolean;
  userErrors: readonly RowError[];
}

/** What a bulk mutation answered: per-row results, or why the whole action was refused. */
export interface BulkAnswer {
  results: readonly BulkRow[] | null;
  userErrors: readonly RowError[];
}

/** A bulk payload as BulkAnswer, each row named by `idOf` (null: no answer at all). */
export function answerOf<R extends { ok: boolean; userErrors: readonly RowError[] }>(
  payload: { results?: readonly R[] | null; userErrors: readonly RowError[] } | undefined,
  idOf: (row: R) => string,
): BulkAnswer | null {
  if (!payload) return null;
  return {
    results:
      payload.results?.map((r) => ({ id: idOf(r), ok: r.ok, userErrors: r.userErrors })) ?? null,
    userErrors: payload.userErrors,
  };
}

/** Row selection for a list table (antd's `rowSelection`), with the selected ids. */
export function useRowSelection() {
  const [selected, setSelected] = useState<string[]>([]);
  return {
    selected,
    clear: () => setSelected([]),
    rowSelection: {
      selectedRowKeys: selected,
      onChange: (keys: Key[]) => setSelected(keys.map(String)),
    },
  };
}

export const BulkAssignOrderOwner = graphql(`
  mutation BulkAssignOrderOwner($input: BulkAssignOrderOwnerInput!) {
    bulkAssignOrderOwner(input: $input) {
      results {
        orderId
        ok
        userErrors {
          code
          message
        }
      }
      userErrors {
        code
        message
      }
    }
  }
`);

export const BulkAddOrderTag = graphql(`
  mutation BulkAddOrderTag($input: BulkAddOrderTagInput!) {
    bulkAddOrderTag(input: $input) {
      results {
        orderId
        ok
        userErrors {
          code
          message
        }
      }
      userErrors {
        code
        message
      }
    }
  }
`);

export const BulkTransitionOrders = graphql(`
  mutation BulkTransitionOrders($input: BulkTransitionOrdersInput!) {
    bulkTransitionOrders(input: $input) {
      results {
        orderId
        ok
        userErrors {
          code
          message
        }
      }
      userErrors {
        code
        message
      }
    }
  }
`);

export const BulkAssignCustomerOwner = graphql(`
  mutation BulkAssignCustomerOwner($input: BulkAssignCustomerOwnerInput!) {
    bulkAssignCustomerOwner(input: $input) {
      results {
        customerId
        ok
        userErrors {
          code
          message
        }
      }
      userErrors {
        code
        message
      }
    }
  }
`);

export const BulkAddCustomerTag = graphql(`
  mutation BulkAddCustomerTag($input: BulkAddCustomerTagInput!) {
    bulkAddCustomerTag(input: $input) {
      results {
        customerId
        ok
        userErrors {
          code
          message
        }
      }
      userErrors {
        code
        message
      }
    }
  }
`);
