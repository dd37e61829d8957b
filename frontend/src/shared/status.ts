import type {
  ApprovalRequestStatus,
  ApprovalStepStatus,
  ExportStatus,
  ImportStatus,
  InvoiceStatus,
  OrderChangeStatus,
  OrderPaymentStatus,
  OrderStatus,
  ReceivableStatus,
  RefundStatus,
  ShipmentStatus,
  ReturnStatus,
  TicketStatus,
  UserStatus,
} from '../gql/graphql';

/**
 * The colour of every status tag, shared by the console and the portal so a status looks the
 * same to staff and to customers. Same meaning, same colour across kinds: waiting on someone is
 * gold, under way is blue, done is green, failed or refused is red, void or withdrawn is grey.
 */
export const STATUS_PALETTE = {
  order: {
    DRAFT: 'default',
    SUBMITTED: 'blue',
    PENDING_APPROVAL: 'orange',
    CONFIRMED: 'geekblue',
    AWAITING_PAYMENT: 'gold',
    PAID: 'cyan',
    READY_TO_SHIP: 'purple',
    SHIPPED: 'processing',
    DELIVERED: 'green',
    COMPLETED: 'success',
    CANCELLED: 'red',
  } satisfies Record<OrderStatus, string>,
  orderPayment: {
    UNPAID: 'red',
    PARTIALLY_PAID: 'gold',
    PAID: 'green',
    PARTIALLY_REFUNDED: 'purple',
    REFUNDED: 'default',
  } satisfies Record<OrderPaymentStatus, string>,
  invoice: {
    ISSUED: 'blue',
    PARTIALLY_PAID: 'gold',
    PAID: 'green',
    VOID: 'default',
  } satisfies Record<InvoiceStatus, string>,
  receivable: {
    OPEN: 'gold',
    PAID: 'green',
    VOID: 'default',
  } satisfies Record<ReceivableStatus, string>,
  refund: {
    REQUESTED: 'gold',
    PROCESSING: 'blue',
    SUCCEEDED: 'green',
    FAILED: 'red',
    REJECTED: 'default',
  } satisfies Record<RefundStatus, string>,
  shipment: {
    IN_TRANSIT: 'blue',
    DELIVERED: 'green',
  } satisfies Record<ShipmentStatus, string>,
  approval: {
    PENDING: 'gold',
    APPROVED: 'green',
    REJECTED: 'red',
    CANCELLED: 'default',
  } satisfies Record<ApprovalRequestStatus, string>,
  approvalStep: {
    WAITING: 'default',
    PENDING: 'gold',
    APPROVED: 'green',
    REJECTED: 'red',
    CANCELLED: 'default',
  } satisfies Record<ApprovalStepStatus, string>,
  orderChange: {
    OPEN: 'gold',
    APPROVED: 'green',
    REJECTED: 'red',
    WITHDRAWN: 'default',
    CLOSED: 'default',
  } satisfies Record<OrderChangeStatus, string>,
  import: {
    QUEUED: 'default',
    RUNNING: 'processing',
    COMPLETED: 'success',
    FAILED: 'error',
  } satisfies Record<ImportStatus, string>,
  export: {
    QUEUED: 'default',
    RUNNING: 'processing',
    DONE: 'success',
    FAILED: 'error',
  } satisfies Record<ExportStatus, string>,
  ticket: {
    NEW: 'gold',
    OPEN: 'blue',
    PENDING_CUSTOMER: 'default',
    PENDING_THIRD_PARTY: 'default',
    SOLVED: 'green',
    CLOSED: 'default',
  } satisfies Record<TicketStatus, string>,
  return: {
    REQUESTED: 'gold',
    DECLINED: 'red',
    AWAITING_RETURN: 'blue',
    RECEIVED: 'processing',
    INSPECTED: 'cyan',
    RESOLVED: 'green',
    CLOSED: 'default',
    CANCELLED: 'default',
  } satisfies Record<ReturnStatus, string>,
  user: {
    INVITED: 'gold',
    ACTIVE: 'green',
    DEACTIVATED: 'default',
  } satisfies Record<UserStatus, string>,
} as const;

export type StatusKind = keyof typeof STATUS_PALETTE;

/** The tag colour of `status` of this kind; grey for a status the front end does not know yet
 * (a newer server). */
export function statusColor(kind: StatusKind, status: string): string {
  const palette: Readonly<Record<string, string>> = STATUS_PALETTE[kind];
  return palette[status] ?? 'default';
}
