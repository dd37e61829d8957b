import { Route, Routes } from 'react-router-dom';
import { RequireSession } from '../shared/auth/RequireSession';
import { AccountPage } from './AccountPage';
import { InvoicesPage } from './InvoicesPage';
import { MyOrdersPage } from './MyOrdersPage';
import { OrderDetailPage } from './OrderDetailPage';
import { PlaceOrderPage } from './PlaceOrderPage';
import { PortalHomePage } from './PortalHomePage';
import { PortalLayout, PortalNav } from './PortalLayout';
import { PortalLogInPage } from './PortalLogInPage';
import { TenantPageLink } from './TenantPageLink';
import { MyTicketsPage } from './tickets/MyTicketsPage';
import { PortalTicketPage } from './tickets/PortalTicketPage';
import { SurveyPage } from './tickets/SurveyPage';
import { MyContractsPage } from './contracts/MyContractsPage';
import { PortalContractPage } from './contracts/PortalContractPage';
import { MyQuotesPage } from './quotes/MyQuotesPage';
import { PortalQuotePage } from './quotes/PortalQuotePage';
import { MyReturnsPage } from './returns/MyReturnsPage';
import { PortalReturnPage } from './returns/PortalReturnPage';
import { ReturnItemsPage } from './returns/ReturnItemsPage';
import { MySubscriptionsPage } from './subscriptions/MySubscriptionsPage';

export function PortalApp() {
  return (
    <PortalLayout>
      <Routes>
        <Route path="/login" element={<PortalLogInPage />} />
        <Route path="/:tenantSlug" element={<PortalLogInPage />} />
        <Route path="/:tenantSlug/orders/:id" element={<TenantPageLink section="orders" />} />
        <Route path="/:tenantSlug/tickets/:id" element={<TenantPageLink section="tickets" />} />
        <Route path="/:tenantSlug/quotes/:id" element={<TenantPageLink section="quotes" />} />
        <Route path="/:tenantSlug/contracts/:id" element={<TenantPageLink section="contracts" />} />
        <Route path="/:tenantSlug/survey/:token" element={<SurveyPage />} />
        <Route
          path="/order"
          element={
            <RequireSession>
              <PortalNav />
              <PlaceOrderPage />
            </RequireSession>
          }
        />
        <Route
          path="/orders"
          element={
            <RequireSession>
              <PortalNav />
              <MyOrdersPage />
            </RequireSession>
          }
        />
        <Route
          path="/orders/:id"
          element={
            <RequireSession>
              <PortalNav />
              <OrderDetailPage />
            </RequireSession>
          }
        />
        <Route
          path="/orders/:id/return"
          element={
            <RequireSession>
              <PortalNav />
              <ReturnItemsPage />
            </RequireSession>
          }
        />
        <Route
          path="/quotes"
          element={
            <RequireSession>
              <PortalNav />
              <MyQuotesPage />
            </RequireSession>
          }
        />
        <Route
          path="/quotes/:id"
          element={
            <RequireSession>
              <PortalNav />
              <PortalQuotePage />
            </RequireSession>
          }
        />
        <Route
          path="/returns"
          element={
            <RequireSession>
              <PortalNav />
              <MyReturnsPage />
            </RequireSession>
          }
        />
        <Route
          path="/subscriptions"
          element={
            <RequireSession>
              <PortalNav />
              <MySubscriptionsPage />
            </RequireSession>
          }
        />
        <Route
          path="/returns/:id"
          element={
            <RequireSession>
              <PortalNav />
              <PortalReturnPage />
            </RequireSession>
          }
        />
        <Route
          path="/contracts"
          element={
            <RequireSession>
              <PortalNav />
              <MyContractsPage />
            </RequireSession>
          }
        />
        <Route
          path="/contracts/:id"
          element={
            <RequireSession>
              <PortalNav />
              <PortalContractPage />
            </RequireSession>
          }
        />
        <Route
          path="/invoices"
          element={
            <RequireSession>
              <PortalNav />
              <InvoicesPage />
            </RequireSession>
          }
        />
        <Route
          path="/tickets"
          element={
            <RequireSession>
              <PortalNav />
              <MyTicketsPage />
            </RequireSession>
          }
        />
        <Route
          path="/tickets/:id"
          element={
            <RequireSession>
              <PortalNav />
              <PortalTicketPage />
            </RequireSession>
          }
        />
        <Route
          path="/account"
          element={
            <RequireSession>
              <PortalNav />
              <AccountPage />
            </RequireSession>
          }
        />
        <Route
          path="*"
          element={
            <RequireSession>
              <PortalNav />
              <PortalHomePage />
            </RequireSession>
          }
        />
      </Routes>
    </PortalLayout>
  );
}
