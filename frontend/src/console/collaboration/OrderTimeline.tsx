import type { OrderPanelProps, TimelineStatusChange } from '../orders/panelProps';

// Scaffold: replaced by the module's real timeline.
export function OrderTimeline(_props: OrderPanelProps & { history: TimelineStatusChange[] }): JSX.Element | null {
  return null;
}
