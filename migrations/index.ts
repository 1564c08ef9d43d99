/** Every migration, in order. `npm run db:migration:create` appends new ones here. */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122141934_initial } from './Migration20261122141934_initial.js';
import { Migration20261122141935_audit_chain } from './Migration20261122141935_audit_chain.js';
import { Migration20261122144556_job_run } from './Migration20261122144556_job_run.js';
import { Migration20261122144809_accreditation } from './Migration20261122144809_accreditation.js';
import { Migration20261122150825_licensing } from './Migration20261122150825_licensing.js';
import { Migration20261122153540_renewals } from './Migration20261122153540_renewals.js';
import { Migration20261122183848_renewal_application } from './Migration20261122183848_renewal_application.js';
import { Migration20261122184816_mra } from './Migration20261122184816_mra.js';
import { Migration20261122185841_discipline } from './Migration20261122185841_discipline.js';
import { Migration20261122191415_cpd } from './Migration20261122191415_cpd.js';
import { Migration20261122191622_certificates } from './Migration20261122191622_certificates.js';
import { Migration20261122192110_reports_imports } from './Migration20261122192110_reports_imports.js';
import { Migration20261125225429_employers } from './Migration20261125225429_employers.js';
import { Migration20261125225601_verification } from './Migration20261125225601_verification.js';
import { Migration20261125231500_report_indexes } from './Migration20261125231500_report_indexes.js';
import { Migration20261126004944_report_tables } from './Migration20261126004944_report_tables.js';
import { Migration20261126013609_licence_indexes } from './Migration20261126013609_licence_indexes.js';
import { Migration20261202155142_auth_sessions } from './Migration20261202155142_auth_sessions.js';
import { Migration20261202155425_api_key_scopes } from './Migration20261202155425_api_key_scopes.js';
import { Migration20261202155622_password_reset_requests } from './Migration20261202155622_password_reset_requests.js';
import { Migration20261202161110_complaint_form_token } from './Migration20261202161110_complaint_form_token.js';
import { Migration20261202181500_public_register } from './Migration20261202181500_public_register.js';
import { Migration20261202194209_verification_counts_by_number } from './Migration20261202194209_verification_counts_by_number.js';
import { Migration20261202195734_webhook_secret_rotation } from './Migration20261202195734_webhook_secret_rotation.js';
import { Migration20261203062801_fees } from './Migration20261203062801_fees.js';
import { Migration20261203064024_account_oidc_subject } from './Migration20261203064024_account_oidc_subject.js';
import { Migration20261203065734_credential_status } from './Migration20261203065734_credential_status.js';
import { Migration20261204014500_public_field_name_native } from './Migration20261204014500_public_field_name_native.js';
import { Migration20261204031000_name_prefix_indexes } from './Migration20261204031000_name_prefix_indexes.js';
import { Migration20261204051024_oid4vci_credential_offers } from './Migration20261204051024_oid4vci_credential_offers.js';

export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261122141934_initial', class: Migration20261122141934_initial },
  { name: 'Migration20261122141935_audit_chain', class: Migration20261122141935_audit_chain },
  { name: 'Migration20261122144556_job_run', class: Migration20261122144556_job_run },
  { name: 'Migration20261122144809_accreditation', class: Migration20261122144809_accreditation },
  { name: 'Migration20261122150825_licensing', class: Migration20261122150825_licensing },
  { name: 'Migration20261122153540_renewals', class: Migration20261122153540_renewals },
  { name: 'Migration20261122183848_renewal_application', class: Migration20261122183848_renewal_application },
  { name: 'Migration20261122184816_mra', class: Migration20261122184816_mra },
  { name: 'Migration20261122185841_discipline', class: Migration20261122185841_discipline },
  { name: 'Migration20261122191415_cpd', class: Migration20261122191415_cpd },
  { name: 'Migration20261122191622_certificates', class: Migration20261122191622_certificates },
  { name: 'Migration20261122192110_reports_imports', class: Migration20261122192110_reports_imports },
  { name: 'Migration20261125225429_employers', class: Migration20261125225429_employers },
  { name: 'Migration20261125225601_verification', class: Migration20261125225601_verification },
  { name: 'Migration20261125231500_report_indexes', class: Migration20261125231500_report_indexes },
  { name: 'Migration20261126004944_report_tables', class: Migration20261126004944_report_tables },
  { name: 'Migration20261126013609_licence_indexes', class: Migration20261126013609_licence_indexes },
  { name: 'Migration20261202155142_auth_sessions', class: Migration20261202155142_auth_sessions },
  { name: 'Migration20261202155425_api_key_scopes', class: Migration20261202155425_api_key_scopes },
  { name: 'Migration20261202155622_password_reset_requests', class: Migration20261202155622_password_reset_requests },
  { name: 'Migration20261202161110_complaint_form_token', class: Migration20261202161110_complaint_form_token },
  { name: 'Migration20261202181500_public_register', class: Migration20261202181500_public_register },
  {
    name: 'Migration20261202194209_verification_counts_by_number',
    class: Migration20261202194209_verification_counts_by_number,
  },
  { name: 'Migration20261202195734_webhook_secret_rotation', class: Migration20261202195734_webhook_secret_rotation },
  { name: 'Migration20261203062801_fees', class: Migration20261203062801_fees },
  { name: 'Migration20261203064024_account_oidc_subject', class: Migration20261203064024_account_oidc_subject },
  { name: 'Migration20261203065734_credential_status', class: Migration20261203065734_credential_status },
  { name: 'Migration20261204014500_public_field_name_native', class: Migration20261204014500_public_field_name_native },
  { name: 'Migration20261204031000_name_prefix_indexes', class: Migration20261204031000_name_prefix_indexes },
  {
    name: 'Migration20261204051024_oid4vci_credential_offers',
    class: Migration20261204051024_oid4vci_credential_offers,
  },
];
