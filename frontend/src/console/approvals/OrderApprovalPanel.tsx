import type { OrderPanelProps } from '../orders/panelProps';

// Scaffold: replaced by the module's real panel.
export function OrderApprovalPanel(_props: OrderPanelProps): JSX.Element | null {
  return null;
}
