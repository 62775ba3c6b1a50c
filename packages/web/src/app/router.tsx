import { BrowserRouter, Route, Routes } from 'react-router';
import { AppLayout } from './layout';
import { NotFoundPage } from './not-found-page';
import { AccountPage } from '../features/account/account-page';
import { TwoFactorPage } from '../features/account/two-factor-page';
import { AdvisoriesPage } from '../features/advisories/advisories-page';
import { AdvisoryEditorPage } from '../features/advisories/advisory-editor-page';
import { AdvisoryPage } from '../features/advisories/advisory-page';
import { ImportedPage, ImportPage } from '../features/advisories/import-page';
import { AuditPage } from '../features/audit/audit-page';
import { ForgotPasswordPage } from '../features/auth/forgot-password-page';
import { RequireAuth, TWO_FACTOR_PATH } from '../features/auth/require-auth';
import { ResetPasswordPage } from '../features/auth/reset-password-page';
import { SignInPage } from '../features/auth/sign-in-page';
import { CaseCreatePage } from '../features/cases/case-create-page';
import { CasePage } from '../features/cases/case-page';
import { CasesPage } from '../features/cases/cases-page';
import { ExposurePage } from '../features/exposure/exposure-page';
import { InventoriesPage } from '../features/exposure/inventories-page';
import { InventoryPage } from '../features/exposure/inventory-page';
import { TodayPage } from '../features/exposure/today-page';
import { HomePage } from '../features/home/home-page';
import { AcceptInvitationPage } from '../features/invitations/accept-invitation-page';
import { NotificationSettingsPage } from '../features/notification-settings/notification-settings-page';
import { NotificationsPage } from '../features/notifications/notifications-page';
import { OrgCreatePage } from '../features/orgs/org-create-page';
import { OrgPage } from '../features/orgs/org-page';
import { OrgsPage } from '../features/orgs/orgs-page';
import { FollowUpPage } from '../features/reports/follow-up-page';
import { ReportFormPage } from '../features/reports/report-form-page';
import { ReportPage } from '../features/reports/report-page';
import { ReportsPage } from '../features/reports/reports-page';
import { TokensPage } from '../features/tokens/tokens-page';
import { UsersPage } from '../features/users/users-page';

export function AppRouter() {
  return (
    <BrowserRouter>
      <Routes>
        <Route element={<AppLayout />}>
          <Route path="sign-in" element={<SignInPage />} />
          <Route path="forgot-password" element={<ForgotPasswordPage />} />
          <Route path="reset-password" element={<ResetPasswordPage />} />
          <Route path="invitations/accept" element={<AcceptInvitationPage />} />
          {/* Anyone may report, and follow up with the secret, without an account. */}
          <Route path="reports/new" element={<ReportFormPage />} />
          <Route path="reports/follow-up" element={<FollowUpPage />} />
          {/* Released TLP:CLEAR advisories are public; signed-in readers see more. */}
          <Route path="advisories" element={<AdvisoriesPage />} />
          <Route path="advisories/:id" element={<AdvisoryPage />} />
          <Route element={<RequireAuth />}>
            <Route index element={<HomePage />} />
            <Route path="orgs" element={<OrgsPage />} />
            <Route path="orgs/new" element={<OrgCreatePage />} />
            <Route path="orgs/:id" element={<OrgPage />} />
            <Route path="reports" element={<ReportsPage />} />
            <Route path="reports/:id" element={<ReportPage />} />
            <Route path="cases" element={<CasesPage />} />
            <Route path="cases/new" element={<CaseCreatePage />} />
            <Route path="cases/:id" element={<CasePage />} />
            <Route path="advisories/:id/edit" element={<AdvisoryEditorPage />} />
            <Route path="advisories/import" element={<ImportPage />} />
            <Route path="advisories/imported/:id" element={<ImportedPage />} />
            <Route path="notifications" element={<NotificationsPage />} />
            <Route path="today" element={<TodayPage />} />
            <Route path="exposures/:id" element={<ExposurePage />} />
            <Route path="inventories" element={<InventoriesPage />} />
            <Route path="inventories/:id" element={<InventoryPage />} />
            <Route path="settings/notifications" element={<NotificationSettingsPage />} />
            <Route path="tokens" element={<TokensPage />} />
            <Route path="audit" element={<AuditPage />} />
            <Route path="admin/users" element={<UsersPage />} />
            <Route path="account" element={<AccountPage />} />
            <Route path={TWO_FACTOR_PATH.slice(1)} element={<TwoFactorPage />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
