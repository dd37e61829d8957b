/** What the order detail page hands to the panels other modules contribute to it
 * (approvals, shipments, change requests, comments). */
export interface OrderPanelProps {
  orderId: string;
  /** Changes whenever the order changes, so panels refetch. */
  orderVersion: number;
  /** Call after a panel changed the order, so the page refetches it. */
  onChanged: () => void;
}

/** One status change as the detail page already has it, for the timeline. */
export interface TimelineStatusChange {
  fromStatus: string | null;
  toStatus: string;
  action: string;
  actorLabel: string | null;
  note: string | null;
  createdAt: string;
}
