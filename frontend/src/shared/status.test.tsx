import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OrderStatusTag } from '../console/orders/OrderStatusTag';
import { ALL_STATUSES } from '../console/orders/status';
import { StatusTag } from '../portal/parts';
import { setUpDom } from './testing/setUpDom';
import { STATUS_PALETTE, statusColor, type StatusKind } from './status';

beforeAll(setUpDom);
afterEach(cleanup);

const ORDER_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'PENDING_APPROVAL',
  'CONFIRMED',
  'AWAITING_PAYMENT',
  'PAID',
  'READY_TO_SHIP',
  'SHIPPED',
  'DELIVERED',
  'COMPLETED',
  'CANCELLED',
] as const;

describe('the status palette', () => {
  it('gives every order status a colour of its own kind', () => {
    expect([...ALL_STATUSES].sort()).toEqual([...ORDER_STATUSES].sort());
    for (const status of ORDER_STATUSES) {
      expect(STATUS_PALETTE.order[status]).toBeTruthy();
      expect(statusColor('order', status)).toBe(STATUS_PALETTE.order[status]);
    }
  });

  it('shows a status the front end does not know yet in grey', () => {
    expect(statusColor('order', 'TELEPORTED')).toBe('default');
    expect(statusColor('refund', '')).toBe('default');
  });

  it('gives the same meaning the same colour across kinds', () => {
    const kinds = Object.keys(STATUS_PALETTE) as StatusKind[];
    const paid = kinds.filter((kind) => 'PAID' in STATUS_PALETTE[kind]);
    expect(paid).toEqual(['order', 'orderPayment', 'invoice', 'receivable']);
    for (const kind of ['orderPayment', 'invoice', 'receivable'] as const) {
      expect(statusColor(kind, 'PAID')).toBe('green');
    }
    for (const kind of ['approval', 'approvalStep', 'orderChange'] as const) {
      expect(statusColor(kind, 'APPROVED')).toBe('green');
      expect(statusColor(kind, 'REJECTED')).toBe('red');
    }
  });

  it('colours an order status the same in the console and the portal', () => {
    for (const status of ORDER_STATUSES) {
      render(
        <>
          <OrderStatusTag status={status} />
          <StatusTag status={status} />
        </>,
      );
      const consoleTag = screen.getByTestId('order-status');
      const portal = screen.getByTestId('portal-order-status');
      expect(portal.className).toBe(consoleTag.className);
      if (statusColor('order', status) !== 'default') {
        expect(consoleTag.className).toMatch(/ant-tag-\w+/);
      }
      cleanup();
    }
  });
});
