import type { ReactNode } from 'react';
import { CustomerSubscriptionsCard } from '../subscriptions/CustomerSubscriptionsCard';
import { CustomerContractsCard } from '../contracts/CustomerContractsCard';
import {
  InvoicesSection,
  OrdersSection,
  PaymentsSection,
  TimelineSection,
} from './CustomerPageSections';

/** One section of the customer 360 page: a card about one kind of record of the customer.
 * A domain that lands later (tickets, returns, quotes, subscriptions, contracts) adds one
 * component and one entry in CUSTOMER_SECTIONS; the page lays them out. */
export interface CustomerSection {
  key: string;
  /** The permission the section's list needs; readers without it do not see the section. */
  needs: [resource: string, action: string];
  Component: (props: { customerId: string }) => ReactNode;
}

export const CUSTOMER_SECTIONS: CustomerSection[] = [
  { key: 'orders', needs: ['orders', 'read'], Component: OrdersSection },
  { key: 'invoices', needs: ['invoices', 'read'], Component: InvoicesSection },
  { key: 'payments', needs: ['payments', 'read'], Component: PaymentsSection },
  { key: 'timeline', needs: ['customers', 'read'], Component: TimelineSection },
  { key: 'contracts', needs: ['contracts', 'read'], Component: CustomerContractsCard },
  {
    key: 'subscriptions',
    needs: ['subscriptions', 'read'],
    Component: CustomerSubscriptionsCard,
  },
];
