import {
  Admin,
  CustomRoutes,
  Resource,
  Layout,
  Menu,
  LocalesMenuButton,
  AppBar,
  TitlePortal,
  useTranslate,
  UserMenu,
  defaultTheme,
  useResourceDefinitions,
  useSidebarState,
  type LayoutProps,
  type I18nProvider,
} from 'react-admin';
import { ListSubheader } from '@mui/material';
import InsightsIcon from '@mui/icons-material/Insights';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Route } from 'react-router-dom';
import PeopleIcon from '@mui/icons-material/People';
import HistoryIcon from '@mui/icons-material/History';
import StairsIcon from '@mui/icons-material/Stairs';
import SchoolIcon from '@mui/icons-material/School';
import ScheduleIcon from '@mui/icons-material/Schedule';
import AssignmentIcon from '@mui/icons-material/Assignment';
import MenuBookIcon from '@mui/icons-material/MenuBook';
import CategoryIcon from '@mui/icons-material/Category';
import TranslateIcon from '@mui/icons-material/Translate';
import { AccountLanguage } from './i18n/AccountLanguage';
import { authProvider } from './authProvider';
import { dataProvider } from './dataProvider';
import { Dashboard } from './Dashboard';
import { LoginPage } from './LoginPage';
import { ForgotPassword, ResetPassword } from './PasswordReset';
import { isStaff, session } from './api';
import BusinessIcon from '@mui/icons-material/Business';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import VisibilityIcon from '@mui/icons-material/Visibility';
import KeyIcon from '@mui/icons-material/Key';
import WebhookIcon from '@mui/icons-material/Webhook';
import PublicIcon from '@mui/icons-material/Public';
import EventRepeatIcon from '@mui/icons-material/EventRepeat';
import OutboxIcon from '@mui/icons-material/Outbox';
import BadgeIcon from '@mui/icons-material/Badge';
import HowToRegIcon from '@mui/icons-material/HowToReg';
import PersonSearchIcon from '@mui/icons-material/PersonSearch';
import GavelIcon from '@mui/icons-material/Gavel';
import SchoolOutlinedIcon from '@mui/icons-material/SchoolOutlined';
import PaymentsIcon from '@mui/icons-material/Payments';
import ReceiptLongIcon from '@mui/icons-material/ReceiptLong';
import { lazyPage } from './lazyPage';
import { FONT_FAMILY } from './format';

// Each screen's code is a separate file the browser fetches when the screen first opens: signing in,
// or a social worker's portal, does not download the back office.
const accountsModule = () => import('./resources/accounts');
const AccountCreate = lazyPage(accountsModule, 'AccountCreate');
const AccountEdit = lazyPage(accountsModule, 'AccountEdit');
const AccountList = lazyPage(accountsModule, 'AccountList');
const auditModule = () => import('./resources/audit');
const AuditList = lazyPage(auditModule, 'AuditList');
const referenceModule = () => import('./resources/reference');
const CpdCategoryList = lazyPage(referenceModule, 'CpdCategoryList');
const JobRunList = lazyPage(referenceModule, 'JobRunList');
const TierEdit = lazyPage(referenceModule, 'TierEdit');
const TierList = lazyPage(referenceModule, 'TierList');
const accreditationModule = () => import('./resources/accreditation');
const ApplicationCreate = lazyPage(accreditationModule, 'ApplicationCreate');
const ApplicationList = lazyPage(accreditationModule, 'ApplicationList');
const ApplicationShow = lazyPage(accreditationModule, 'ApplicationShow');
const GraduateList = lazyPage(accreditationModule, 'GraduateList');
const InstitutionCreate = lazyPage(accreditationModule, 'InstitutionCreate');
const InstitutionEdit = lazyPage(accreditationModule, 'InstitutionEdit');
const InstitutionList = lazyPage(accreditationModule, 'InstitutionList');
const InstitutionShow = lazyPage(accreditationModule, 'InstitutionShow');
const ProgrammeCreate = lazyPage(accreditationModule, 'ProgrammeCreate');
const ProgrammeList = lazyPage(accreditationModule, 'ProgrammeList');
const ProgrammeShow = lazyPage(accreditationModule, 'ProgrammeShow');
const employersModule = () => import('./resources/employers');
const ApiKeysPage = lazyPage(employersModule, 'ApiKeysPage');
const BulkCheck = lazyPage(employersModule, 'BulkCheck');
const DeliveryList = lazyPage(employersModule, 'DeliveryList');
const OrganisationCreate = lazyPage(employersModule, 'OrganisationCreate');
const OrganisationEdit = lazyPage(employersModule, 'OrganisationEdit');
const OrganisationList = lazyPage(employersModule, 'OrganisationList');
const Watchlist = lazyPage(employersModule, 'Watchlist');
const WebhookSettings = lazyPage(employersModule, 'WebhookSettings');
const myRegistrationModule = () => import('./portal/MyRegistration');
const MyRegistration = lazyPage(myRegistrationModule, 'MyRegistration');
const renewalsModule = () => import('./resources/renewals');
const OutboxList = lazyPage(renewalsModule, 'OutboxList');
const RenewalList = lazyPage(renewalsModule, 'RenewalList');
const mraModule = () => import('./resources/mra');
const LookupHistory = lazyPage(mraModule, 'LookupHistory');
const LookupPage = lazyPage(mraModule, 'LookupPage');
const PeerCreate = lazyPage(mraModule, 'PeerCreate');
const PeerList = lazyPage(mraModule, 'PeerList');
const licensingModule = () => import('./resources/licensing');
const LicenceApplicationList = lazyPage(licensingModule, 'LicenceApplicationList');
const LicenceApplicationShow = lazyPage(licensingModule, 'LicenceApplicationShow');
const LicenceList = lazyPage(licensingModule, 'LicenceList');
const LicenceShow = lazyPage(licensingModule, 'LicenceShow');
const RegistrantList = lazyPage(licensingModule, 'RegistrantList');
const RegistrantShow = lazyPage(licensingModule, 'RegistrantShow');
const disciplineModule = () => import('./resources/discipline');
const CaseCreate = lazyPage(disciplineModule, 'CaseCreate');
const CaseList = lazyPage(disciplineModule, 'CaseList');
const CaseShow = lazyPage(disciplineModule, 'CaseShow');
const MyCases = lazyPage(disciplineModule, 'MyCases');
const PublicationSettings = lazyPage(disciplineModule, 'PublicationSettings');
const reportsModule = () => import('./resources/reports');
const ImportWizard = lazyPage(reportsModule, 'ImportWizard');
const ReportsPage = lazyPage(reportsModule, 'ReportsPage');
const feesModule = () => import('./resources/fees');
const InvoiceList = lazyPage(feesModule, 'InvoiceList');
const InvoiceShow = lazyPage(feesModule, 'InvoiceShow');
const FeeSchedule = lazyPage(feesModule, 'FeeSchedule');
const PaymentsIncome = lazyPage(feesModule, 'PaymentsIncome');
const MyFees = lazyPage(() => import('./portal/MyFees'), 'MyFees');
const SsoSettings = lazyPage(() => import('./resources/sso'), 'SsoSettings');
const CouncilLanguageSettings = lazyPage(() => import('./resources/council'), 'CouncilLanguageSettings');
const myCpdModule = () => import('./portal/MyCpd');
const MyCpd = lazyPage(myCpdModule, 'MyCpd');
const cpdModule = () => import('./resources/cpd');
const CpdActivityCreate = lazyPage(cpdModule, 'CpdActivityCreate');
const CpdActivityList = lazyPage(cpdModule, 'CpdActivityList');
const CpdActivityShow = lazyPage(cpdModule, 'CpdActivityShow');
const CpdAuditRoundCreate = lazyPage(cpdModule, 'CpdAuditRoundCreate');
const CpdAuditRoundList = lazyPage(cpdModule, 'CpdAuditRoundList');
const CpdAuditRoundShow = lazyPage(cpdModule, 'CpdAuditRoundShow');
const CpdProviderCreate = lazyPage(cpdModule, 'CpdProviderCreate');
const CpdProviderList = lazyPage(cpdModule, 'CpdProviderList');
const CpdRecordList = lazyPage(cpdModule, 'CpdRecordList');
const CpdRulesPage = lazyPage(cpdModule, 'CpdRulesPage');

/**
 * react-admin's default theme with a darker blue: white text on the default blue (#2196f3) has a
 * contrast of 3.1:1, under WCAG AA's 4.5:1; on #1e5a96 it is 7:1.
 */
const theme = {
  ...defaultTheme,
  // Warning chips carry white text: MUI's orange (#ed6c02) gives 3.0:1; #9a5200 gives 5.6:1.
  palette: {
    ...defaultTheme.palette,
    primary: { main: '#1e5a96' },
    secondary: { main: '#1e5a96' },
    warning: { main: '#9a5200' },
  },
  // Latin first, then the Noto faces of the region's scripts (each loaded only when its script shows).
  typography: { ...defaultTheme.typography, fontFamily: FONT_FAMILY },
  components: {
    ...defaultTheme.components,
    // An empty list's message is drawn in the disabled grey (2.3:1); the secondary text colour is 7:1.
    RaEmpty: { styleOverrides: { root: { '& .RaEmpty-message': { color: 'rgba(0, 0, 0, 0.6)' } } } },
  },
};

const RegistryAppBar = () => (
  // The user menu's accessible name is the name it shows (WCAG 2.5.3, label in name).
  <AppBar
    toolbar={<LocalesMenuButton />}
    userMenu={<UserMenu label={session.account?.displayName ?? 'ra.auth.user_menu'} />}
  >
    <TitlePortal />
  </AppBar>
);
type NavItem = { resource: string } | { to: string; label: string; icon: React.ReactElement; when: boolean };

/** One group of the navigation: its heading, shown when at least one of its items is there for this role. */
function NavGroup({ title, items }: { title: string; items: NavItem[] }) {
  const resources = useResourceDefinitions();
  const [open] = useSidebarState();
  const visible = items.filter((i) => ('resource' in i ? !!resources[i.resource] : i.when));
  if (!visible.length) return null;
  return (
    <>
      {open && (
        <ListSubheader component="div" disableSticky sx={{ lineHeight: '32px', mt: 1, bgcolor: 'transparent' }}>
          {title}
        </ListSubheader>
      )}
      {visible.map((i) =>
        'resource' in i ? (
          <Menu.ResourceItem key={i.resource} name={i.resource} />
        ) : (
          <Menu.Item key={i.to} to={i.to} primaryText={i.label} leftIcon={i.icon} />
        ),
      )}
    </>
  );
}

/** The navigation, grouped by the work it serves (each role sees only its own items and groups). */
const RegistryMenu = () => {
  const roles = session.account?.roles ?? [];
  const t = useTranslate();
  const staff = isStaff(roles);
  const managers = has(roles, 'admin', 'registrar');
  const worker = roles.includes('social_worker');
  const employer = roles.includes('employer');
  return (
    <Menu>
      <Menu.DashboardItem />
      <NavGroup
        title={t('swr.nav.mine')}
        items={[
          { to: '/my-registration', label: t('swr.nav.myRegistration'), icon: <HowToRegIcon />, when: worker },
          { to: '/my-cpd', label: t('swr.nav.myCpd'), icon: <SchoolOutlinedIcon />, when: worker },
          { to: '/my-cases', label: t('swr.nav.myCases'), icon: <GavelIcon />, when: worker },
          {
            to: '/my-fees',
            label: t('swr.fees.menuMine'),
            icon: <PaymentsIcon />,
            when: has(roles, 'social_worker', 'school_admin', 'cpd_provider'),
          },
        ]}
      />
      <NavGroup
        title={t('swr.nav.licensing')}
        items={[
          { resource: 'licence-applications' },
          { resource: 'registrants' },
          { resource: 'licences' },
          { resource: 'tiers' },
        ]}
      />
      <NavGroup title={t('swr.nav.renewals')} items={[{ resource: 'renewals' }]} />
      <NavGroup
        title={t('swr.nav.fees')}
        items={[
          { resource: 'invoices' },
          { to: '/fees', label: t('swr.fees.menuSchedule'), icon: <PaymentsIcon />, when: staff },
          { to: '/payments-income', label: t('swr.fees.menuReconciliation'), icon: <PaymentsIcon />, when: staff },
        ]}
      />
      <NavGroup
        title={t('swr.nav.cpd')}
        items={[
          { resource: 'cpd/records' },
          { resource: 'cpd/audit-rounds' },
          { resource: 'cpd/activities' },
          { resource: 'cpd/providers' },
          { resource: 'cpd-categories' },
          { to: '/cpd-rules', label: t('swr.nav.cpdRules'), icon: <SchoolOutlinedIcon />, when: staff },
        ]}
      />
      <NavGroup
        title={t('swr.nav.discipline')}
        items={[
          { resource: 'discipline/cases' },
          { to: '/discipline-settings', label: t('swr.nav.publication'), icon: <GavelIcon />, when: managers },
        ]}
      />
      <NavGroup
        title={t('swr.nav.accreditation')}
        items={[
          { resource: 'accreditation-applications' },
          { resource: 'institutions' },
          { resource: 'programmes' },
          { resource: 'graduates' },
        ]}
      />
      <NavGroup
        title={t('swr.nav.employers')}
        items={[
          { to: '/bulk-check', label: t('swr.employers.menuBulk'), icon: <FactCheckIcon />, when: employer },
          { to: '/watchlist', label: t('swr.employers.menuWatch'), icon: <VisibilityIcon />, when: employer },
          { to: '/api-keys', label: t('swr.employers.menuKeys'), icon: <KeyIcon />, when: employer },
          { to: '/webhook', label: t('swr.employers.menuWebhook'), icon: <WebhookIcon />, when: employer },
          { resource: 'employers/organisations' },
          { resource: 'employer/notifications' },
        ]}
      />
      <NavGroup
        title={t('swr.nav.crossBorder')}
        items={[
          {
            to: '/cross-border-lookup',
            label: t('swr.nav.crossBorderLookup'),
            icon: <PublicIcon />,
            when: has(roles, 'admin', 'registrar', 'reviewer'),
          },
          { resource: 'mra/peers' },
          { resource: 'mra/lookups' },
        ]}
      />
      <NavGroup
        title={t('swr.nav.reports')}
        items={[
          { to: '/reports', label: t('swr.nav.workforceReports'), icon: <InsightsIcon />, when: staff },
          { to: '/register-import', label: t('swr.nav.importRegister'), icon: <UploadFileIcon />, when: managers },
        ]}
      />
      <NavGroup
        title={t('swr.nav.administration')}
        items={[
          { resource: 'accounts' },
          { to: '/single-sign-on', label: t('swr.sso.menu'), icon: <KeyIcon />, when: roles.includes('admin') },
          {
            to: '/council-languages',
            label: t('swr.councilLanguages.menu'),
            icon: <TranslateIcon />,
            when: roles.includes('admin'),
          },
          { resource: 'audit-events' },
          { resource: 'job-runs' },
          { resource: 'outbox' },
        ]}
      />
    </Menu>
  );
};
/**
 * react-admin sizes its layout to fit its content (min-width: fit-content), so on a phone one wide
 * row (a row of tabs, a long unbroken word) made the whole page wider than the window. On phones and
 * tablets the page keeps the window's width, and such a row scrolls or wraps inside it.
 */
const RegistryLayout = ({ children, ...props }: LayoutProps) => (
  <Layout
    {...props}
    appBar={RegistryAppBar}
    menu={RegistryMenu}
    sx={{
      minWidth: { xs: 0, md: 'fit-content' },
      '& .RaLayout-content': { minWidth: { xs: 0, md: 'auto' } },
    }}
  >
    <AccountLanguage />
    {children}
  </Layout>
);

const has = (roles: string[], ...wanted: string[]) => roles.some((r) => wanted.includes(r));

export function App({ i18nProvider }: { i18nProvider: I18nProvider }) {
  return (
    <Admin
      theme={theme}
      authProvider={authProvider}
      dataProvider={dataProvider}
      i18nProvider={i18nProvider}
      loginPage={LoginPage}
      dashboard={Dashboard}
      layout={RegistryLayout}
      title="Social Work Registry"
      requireAuth
      disableTelemetry
    >
      {(roles: string[] = []) => (
        <>
          <CustomRoutes noLayout>
            <Route path="/forgot-password" element={<ForgotPassword />} />
            <Route path="/reset-password" element={<ResetPassword />} />
          </CustomRoutes>
          {roles.includes('social_worker') && (
            <CustomRoutes>
              <Route path="/my-registration" element={<MyRegistration />} />
            </CustomRoutes>
          )}
          {isStaff(roles) && (
            <CustomRoutes>
              <Route path="/reports" element={<ReportsPage />} />
              {has(roles, 'admin', 'registrar') && <Route path="/register-import" element={<ImportWizard />} />}
            </CustomRoutes>
          )}
          {isStaff(roles) && (
            <>
              <Resource
                name="licence-applications"
                options={{ label: 'Licence applications' }}
                icon={BadgeIcon}
                list={LicenceApplicationList}
                show={LicenceApplicationShow}
              />
              <Resource name="registrants" icon={PersonSearchIcon} list={RegistrantList} show={RegistrantShow} />
              <Resource name="licences" icon={BadgeIcon} list={LicenceList} show={LicenceShow} />
              <Resource name="renewals" options={{ label: 'Renewals due' }} icon={EventRepeatIcon} list={RenewalList} />
            </>
          )}
          {has(roles, 'admin', 'registrar', 'reviewer', 'auditor', 'school_admin') && (
            <>
              <Resource
                name="accreditation-applications"
                options={{ label: 'Accreditation' }}
                icon={AssignmentIcon}
                list={ApplicationList}
                show={ApplicationShow}
                create={has(roles, 'admin', 'registrar', 'school_admin') ? ApplicationCreate : undefined}
              />
              <Resource
                name="institutions"
                icon={SchoolIcon}
                list={InstitutionList}
                show={InstitutionShow}
                create={has(roles, 'admin', 'registrar') ? InstitutionCreate : undefined}
                edit={has(roles, 'admin', 'registrar', 'school_admin') ? InstitutionEdit : undefined}
              />
              <Resource
                name="programmes"
                icon={MenuBookIcon}
                list={ProgrammeList}
                show={ProgrammeShow}
                create={has(roles, 'admin', 'registrar', 'school_admin') ? ProgrammeCreate : undefined}
              />
              <Resource name="graduates" icon={PeopleIcon} list={GraduateList} />
            </>
          )}
          {isStaff(roles) && (
            <>
              <Resource
                name="tiers"
                options={{ label: 'Tier ladder' }}
                icon={StairsIcon}
                list={TierList}
                edit={has(roles, 'admin') ? TierEdit : undefined}
              />
              <Resource
                name="cpd-categories"
                options={{ label: 'CPD categories' }}
                icon={CategoryIcon}
                list={CpdCategoryList}
              />
            </>
          )}
          {has(roles, 'admin', 'registrar', 'auditor') && (
            <Resource name="job-runs" options={{ label: 'Job runs' }} icon={ScheduleIcon} list={JobRunList} />
          )}
          {has(roles, 'admin', 'registrar', 'reviewer') && (
            <>
              <CustomRoutes>
                <Route path="/cross-border-lookup" element={<LookupPage />} />
              </CustomRoutes>
              <Resource
                name="mra/peers"
                options={{ label: 'Trust list' }}
                icon={PublicIcon}
                list={PeerList}
                create={has(roles, 'admin') ? PeerCreate : undefined}
              />
              <Resource
                name="mra/lookups"
                options={{ label: 'Lookup history' }}
                icon={PublicIcon}
                list={LookupHistory}
              />
            </>
          )}
          {has(roles, 'admin', 'registrar') && (
            <>
              <Resource
                name="discipline/cases"
                options={{ label: 'Discipline cases' }}
                icon={GavelIcon}
                list={CaseList}
                show={CaseShow}
                create={CaseCreate}
              />
              <CustomRoutes>
                <Route path="/discipline-settings" element={<PublicationSettings />} />
              </CustomRoutes>
            </>
          )}
          {roles.includes('social_worker') && (
            <CustomRoutes>
              <Route path="/my-cases" element={<MyCases />} />
            </CustomRoutes>
          )}
          {roles.includes('social_worker') && (
            <CustomRoutes>
              <Route path="/my-cpd" element={<MyCpd />} />
            </CustomRoutes>
          )}
          {has(roles, 'social_worker', 'school_admin', 'cpd_provider') && (
            <CustomRoutes>
              <Route path="/my-fees" element={<MyFees />} />
            </CustomRoutes>
          )}
          {isStaff(roles) && (
            <>
              <Resource
                name="invoices"
                options={{ label: 'Invoices' }}
                icon={ReceiptLongIcon}
                list={InvoiceList}
                show={InvoiceShow}
              />
              <CustomRoutes>
                <Route path="/fees" element={<FeeSchedule />} />
                <Route path="/payments-income" element={<PaymentsIncome />} />
                {roles.includes('admin') && <Route path="/single-sign-on" element={<SsoSettings />} />}
                {roles.includes('admin') && <Route path="/council-languages" element={<CouncilLanguageSettings />} />}
              </CustomRoutes>
            </>
          )}
          {isStaff(roles) && (
            <>
              <Resource
                name="cpd/records"
                options={{ label: 'CPD review' }}
                icon={SchoolOutlinedIcon}
                list={CpdRecordList}
              />
              <CustomRoutes>
                <Route path="/cpd-rules" element={<CpdRulesPage />} />
              </CustomRoutes>
              <Resource
                name="cpd/audit-rounds"
                options={{ label: 'CPD audits' }}
                icon={SchoolOutlinedIcon}
                list={CpdAuditRoundList}
                show={CpdAuditRoundShow}
                create={has(roles, 'admin', 'registrar') ? CpdAuditRoundCreate : undefined}
              />
            </>
          )}
          {has(roles, 'admin', 'registrar', 'reviewer', 'auditor', 'cpd_provider') && (
            <>
              <Resource
                name="cpd/activities"
                options={{ label: 'CPD activities' }}
                icon={SchoolOutlinedIcon}
                list={CpdActivityList}
                show={CpdActivityShow}
                create={has(roles, 'admin', 'registrar', 'cpd_provider') ? CpdActivityCreate : undefined}
              />
              <Resource
                name="cpd/providers"
                options={{ label: 'CPD providers' }}
                icon={SchoolOutlinedIcon}
                list={CpdProviderList}
                create={has(roles, 'admin', 'registrar') ? CpdProviderCreate : undefined}
              />
            </>
          )}
          {roles.includes('employer') && (
            <CustomRoutes>
              <Route path="/bulk-check" element={<BulkCheck />} />
              <Route path="/watchlist" element={<Watchlist />} />
              <Route path="/api-keys" element={<ApiKeysPage />} />
              <Route path="/webhook" element={<WebhookSettings />} />
            </CustomRoutes>
          )}
          {has(roles, 'admin', 'registrar') && (
            <>
              <Resource
                name="employers/organisations"
                options={{ label: 'Employers' }}
                icon={BusinessIcon}
                list={OrganisationList}
                create={OrganisationCreate}
                edit={OrganisationEdit}
              />
              <Resource
                name="employer/notifications"
                options={{ label: 'Webhook deliveries' }}
                icon={WebhookIcon}
                list={DeliveryList}
              />
            </>
          )}
          {has(roles, 'admin', 'registrar', 'auditor') && (
            <Resource name="outbox" options={{ label: 'Outbox' }} icon={OutboxIcon} list={OutboxList} />
          )}
          {has(roles, 'admin') && (
            <Resource name="accounts" icon={PeopleIcon} list={AccountList} edit={AccountEdit} create={AccountCreate} />
          )}
          {has(roles, 'admin', 'auditor') && (
            <Resource name="audit-events" options={{ label: 'Audit trail' }} icon={HistoryIcon} list={AuditList} />
          )}
        </>
      )}
    </Admin>
  );
}
