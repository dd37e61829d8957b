import type { OrderPanelProps } from '../orders/panelProps';

// Scaffold: replaced by the module's real panel.
export function OrderChangeRequestsPanel(_props: OrderPanelProps): JSX.Element | null {
  return null;
}
