import englishMessages from 'ra-language-english';

export const en = {
  ...englishMessages,
  swr: {
    signIn: { title: 'Sign in', email: 'Email', password: 'Password', submit: 'Sign in', forgot: 'Forgot your password?', code: 'Authentication code', verify: 'Verify', useRecovery: 'Use a recovery code instead', useTotp: 'Use an authenticator code', recovery: 'Recovery code', mfaHelp: 'Enter the 6-digit code from your authenticator app.', enrolTitle: 'Set up two-step sign-in', enrolHelp: 'Council staff sign in with a second step. Scan this code with an authenticator app (or type the secret), then enter the 6-digit code it shows.', secret: 'Secret', confirm: 'Confirm', recoveryTitle: 'Save your recovery codes', recoveryHelp: 'Each code signs you in once if you lose your authenticator. They are shown only now.', saved: 'I have saved these codes', back: 'Back to sign in' },
    reset: { title: 'Reset your password', request: 'Send me a link', sent: 'If an account uses this address, a link is on its way. It works once and expires in 30 minutes.', choose: 'Choose a new password', newPassword: 'New password (12 characters or more)', done: 'Your password is changed. Sign in with it now.' },
    dashboard: { title: 'Dashboard', accounts: 'Accounts', audit: 'Audit events (24 h)', auditTotal: 'Audit events in all', outboxPending: 'E-mails waiting', outboxFailed: 'E-mails failed', waiting: 'Waiting for you', open: 'Open', applications: 'Licence applications to review', renewalsAtRisk: 'Renewals at risk', cpdRecords: 'CPD records to review', accreditations: 'Accreditation applications submitted' },
    portal: { welcome: 'Welcome, %{name}', roles: 'Your roles', social_worker: 'As a social worker you apply for registration and tier upgrades, declare your qualifications and log supervised practice hours here.', employer: 'As an employer you verify licences in bulk, watch your staff list and manage your API keys and webhook here.', school_admin: 'As a school administrator you manage your programmes, accreditation applications and graduate lists here.', cpd_provider: 'As an approved CPD provider you propose activities to the council and upload attendance rosters here; the people on them get verified CPD records.', account: 'Your account', email: 'Email', language: 'Language' },
    employers: {
      bulkTitle: 'Bulk check', bulkHelp: 'Paste up to 1,000 licence numbers (one per line, or separated by commas), or upload a CSV with one number per line or a column named number.',
      numbers: 'Licence numbers', check: 'Check', checking: 'Checking…', uploadCsv: 'Upload CSV', downloadCsv: 'Download CSV', results: 'Results',
      input: 'You entered', result: 'Result', name: 'Name', tier: 'Tier', status: 'Status', validUntil: 'Valid until', conditions: 'Public conditions',
      outcome: { found: 'found', not_found: 'not found', malformed: 'not a licence number' },
      watchTitle: 'Watchlist', watchHelp: 'The licences you follow. When one changes status or gains or loses a public condition, your organisation is told by e-mail and, if set, by webhook.',
      watchAdd: 'Watch', watchAdded: 'Added to the watchlist', watchRemoved: 'Removed from the watchlist', number: 'Licence number', label: 'Your reference', importCsv: 'Import CSV',
      imported: '%{added} added, %{already} already watched, %{notFound} not found, %{malformed} not licence numbers', watchCount: '%{smart_count} licence watched |||| %{smart_count} licences watched', remove: 'Remove',
      keysTitle: 'API keys', keysHelp: 'Keys let your systems verify licences and manage the watchlist. Send one as "Authorization: Bearer <key>" or "X-Api-Key: <key>".',
      createKey: 'Create key', keyName: 'Name', keyOnce: 'Copy this key now: it is shown only once. The registry keeps only a hash of it.', newKey: 'New API key', copy: 'Copy', copied: 'Copied',
      prefix: 'Key', created: 'Created', lastUsed: 'Last used', revoked: 'Revoked', revoke: 'Revoke',
      webhookTitle: 'Webhook', webhookHelp: 'The registry POSTs each watchlist alert as JSON to this address, signed with HMAC-SHA256 (header X-Registry-Signature), and retries with backoff if it fails.',
      rotate: 'Issue a new signing secret', save: 'Save', removeWebhook: 'Remove webhook', secretOnce: 'Your signing secret (shown only now):',
      deliveries: 'Recent notifications', when: 'When', event: 'Change', webhook: 'Webhook', attempts: 'Attempts', next: 'next', lastError: 'Last error', retry: 'Retry',
      menuBulk: 'Bulk check', menuWatch: 'Watchlist', menuKeys: 'API keys', menuWebhook: 'Webhook',
    },
    menu: { dashboard: 'Dashboard', language: 'Language' },
  },
  resources: {
    accounts: { name: 'Account |||| Accounts', fields: { email: 'Email', displayName: 'Name', roles: 'Roles', status: 'Status', mfaEnabled: 'MFA', createdAt: 'Created', locale: 'Language' } },
    'audit-events': { name: 'Audit event |||| Audit trail', fields: { seq: '#', occurredAt: 'When', actorLabel: 'Who', action: 'Action', entityType: 'Record type', entityId: 'Record', requestId: 'Request', hash: 'Hash' } },
    tiers: { name: 'Tier |||| Tier ladder', fields: { rank: 'Rank', code: 'Code', validityMonths: 'Valid (months)', cpdCreditsPerCycle: 'CPD per cycle', canSupervise: 'May supervise' } },
    'cpd-categories': { name: 'CPD category |||| CPD categories', fields: { code: 'Code', minCredits: 'Minimum', maxCredits: 'Maximum', structured: 'Structured' } },
    'job-runs': { name: 'Job run |||| Job runs', fields: { job: 'Job', slot: 'Slot', startedAt: 'Started', finishedAt: 'Finished', outcome: 'Outcome', counts: 'Counts' } },
  },
};
