import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { RequireSession } from '../shared/auth/RequireSession';
import { LoadingState } from '../shared/components/States';
import { LogInPage } from './auth/LogInPage';
import { NotFoundPage } from './NotFoundPage';
import { ReadableAddress } from './ReadableAddress';

// Screens behind the log-in load on demand, so the first screen stays small.
const SignUpPage = lazy(() => import('./auth/SignUpPage'));
const AcceptInvitationPage = lazy(() => import('./auth/AcceptInvitationPage'));
const SignedInShell = lazy(() => import('./SignedInShell'));
const HomePage = lazy(() => import('./home/HomePage'));
const UsersPage = lazy(() => import('./users/UsersPage'));
const RolesPage = lazy(() => import('./roles/RolesPage'));
const ApiClientsPage = lazy(() => import('./apiClients/ApiClientsPage'));
const AuditLogPage = lazy(() => import('./audit/AuditLogPage'));
const SettingsPage = lazy(() => import('./settings/SettingsPage'));
const CustomerPage = lazy(() => import('./customers/CustomerPage'));
const CustomersPage = lazy(() => import('./customers/CustomersPage'));
const ProductsPage = lazy(() => import('./catalog/ProductsPage'));
const PriceBooksPage = lazy(() => import('./catalog/PriceBooksPage'));
const InventoryPage = lazy(() => import('./inventory/InventoryPage'));
const OrdersPage = lazy(() => import('./orders/OrdersPage'));
const OrderBoardPage = lazy(() => import('./orders/OrderBoardPage'));
const OrderFormPage = lazy(() => import('./orders/OrderFormPage'));
const OrderDetailPage = lazy(() => import('./orders/OrderDetailPage'));
const ChangeRequestsPage = lazy(() => import('./orderChanges/ChangeRequestsPage'));
const ApprovalsPage = lazy(() => import('./approvals/ApprovalsPage'));
const ImportsPage = lazy(() => import('./imports/ImportsPage'));
const ReceivablesPage = lazy(() => import('./receivables/ReceivablesPage'));
const PaymentDetailPage = lazy(() => import('./receivables/PaymentDetailPage'));
const InvoicesPage = lazy(() => import('./invoices/InvoicesPage'));
const InvoiceDetailPage = lazy(() => import('./invoices/InvoiceDetailPage'));
const RefundsPage = lazy(() => import('./refunds/RefundsPage'));
const TicketsPage = lazy(() => import('./tickets/TicketsPage'));
const TicketPage = lazy(() => import('./tickets/TicketPage'));
const CsatPage = lazy(() => import('./tickets/CsatPage'));
const ReturnsPage = lazy(() => import('./returns/ReturnsPage'));
const ReturnPage = lazy(() => import('./returns/ReturnPage'));
const QuotesPage = lazy(() => import('./quotes/QuotesPage'));
const QuotePage = lazy(() => import('./quotes/QuotePage'));
const QuoteFormPage = lazy(() => import('./quotes/QuoteFormPage'));
const ContractsPage = lazy(() => import('./contracts/ContractsPage'));
const ContractPage = lazy(() => import('./contracts/ContractPage'));
const RecurringRevenuePage = lazy(() => import('./revenue/RecurringRevenuePage'));
const SubscriptionsPage = lazy(() => import('./subscriptions/SubscriptionsPage'));
const SubscriptionPage = lazy(() => import('./subscriptions/SubscriptionPage'));
const PlansPage = lazy(() => import('./subscriptions/PlansPage'));
const ExportsPage = lazy(() => import('./exports/ExportsPage'));

export function ConsoleApp() {
  return (
    <Suspense fallback={<LoadingState />}>
      <Routes>
        <Route path="/login" element={<LogInPage />} />
        <Route path="/signup" element={<SignUpPage />} />
        <Route path="/accept-invitation" element={<AcceptInvitationPage />} />
        <Route
          element={
            <RequireSession>
              <SignedInShell />
            </RequireSession>
          }
        >
          <Route index element={<HomePage />} />
          <Route path="users" element={<UsersPage />} />
          <Route path="roles" element={<RolesPage />} />
          <Route path="api-clients" element={<ApiClientsPage />} />
          <Route path="audit" element={<AuditLogPage />} />
          <Route path="settings" element={<SettingsPage />} />
          <Route path="customers" element={<CustomersPage />} />
          <Route
            path="customers/:id"
            element={
              <ReadableAddress kind="Customer">
                <CustomerPage />
              </ReadableAddress>
            }
          />
          <Route path="products" element={<ProductsPage />} />
          <Route path="price-books" element={<PriceBooksPage />} />
          <Route path="inventory" element={<InventoryPage />} />
          <Route path="orders" element={<OrdersPage />} />
          <Route path="orders/board" element={<OrderBoardPage />} />
          <Route path="orders/new" element={<OrderFormPage />} />
          <Route
            path="orders/:id"
            element={
              <ReadableAddress kind="Order">
                <OrderDetailPage />
              </ReadableAddress>
            }
          />
          <Route path="change-requests" element={<ChangeRequestsPage />} />
          <Route path="approvals" element={<ApprovalsPage />} />
          <Route path="imports" element={<ImportsPage />} />
          <Route path="receivables" element={<ReceivablesPage />} />
          <Route
            path="payments/:id"
            element={
              <ReadableAddress kind="Payment">
                <PaymentDetailPage />
              </ReadableAddress>
            }
          />
          <Route path="invoices" element={<InvoicesPage />} />
          <Route
            path="invoices/:id"
            element={
              <ReadableAddress kind="Invoice">
                <InvoiceDetailPage />
              </ReadableAddress>
            }
          />
          <Route path="refunds" element={<RefundsPage />} />
          <Route path="tickets" element={<TicketsPage />} />
          <Route path="tickets/csat" element={<CsatPage />} />
          <Route path="tickets/:number" element={<TicketPage />} />
          <Route path="returns" element={<ReturnsPage />} />
          <Route path="returns/:number" element={<ReturnPage />} />
          <Route path="quotes" element={<QuotesPage />} />
          <Route path="quotes/new" element={<QuoteFormPage />} />
          <Route path="quotes/:number" element={<QuotePage />} />
          <Route path="quotes/:number/edit" element={<QuoteFormPage />} />
          <Route path="contracts" element={<ContractsPage />} />
          <Route path="contracts/:id" element={<ContractPage />} />
          <Route path="revenue" element={<RecurringRevenuePage />} />
          <Route path="subscriptions" element={<SubscriptionsPage />} />
          <Route path="subscriptions/plans" element={<PlansPage />} />
          <Route path="subscriptions/:id" element={<SubscriptionPage />} />
          <Route path="exports" element={<ExportsPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
