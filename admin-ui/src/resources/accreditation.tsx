import { useState } from 'react';
import {
  ArrayField,
  AutocompleteInput,
  Create,
  Datagrid,
  Edit,
  FunctionField,
  List,
  NumberField,
  NumberInput,
  ReferenceField,
  ReferenceInput,
  ReferenceManyField,
  SearchInput,
  SelectInput,
  Show,
  SimpleForm,
  SimpleShowLayout,
  TextField,
  TextInput,
  required,
  useNotify,
  useRecordContext,
  usePermissions,
  Labeled,
  useShowContext,
  ArrayInput,
  SimpleFormIterator,
  DateInput,
  TopToolbar,
  EditButton,
  useTranslate,
} from 'react-admin';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  MenuItem,
  Stack,
  TextField as MuiTextField,
  Typography,
} from '@mui/material';
import type { Schemas } from '../../../clients/typescript/index';
import { answer, downloadFile, fileBody, problemMessage, registry } from '../api';
import type { Accreditation, AccreditationApplication, Programme, StaffMember, StoredDocument } from '../records';
import { useAction } from '../useAction';
import { DateText } from '../DateText';
import { useFormatDate } from '../format';
import { DayTextField } from '../DayInput';

const LEVELS = ['certificate', 'diploma', 'bachelor', 'master', 'doctorate'].map((id) => ({
  id,
  name: `swr.myRegistration.levels.${id}`,
}));
const STATUSES = ['draft', 'submitted', 'under_review', 'decided', 'withdrawn'].map((id) => ({
  id,
  name: `swr.accreditation.statuses.${id}`,
}));
const isManager = (roles?: string[]) => !!roles?.some((r) => r === 'admin' || r === 'registrar');

// ---- institutions ----
export const InstitutionList = () => (
  <List filters={[<SearchInput source="q" alwaysOn key="q" />]} sort={{ field: 'name', order: 'ASC' }}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="name" />
      <TextField source="nameNative" emptyText="—" />
      <TextField source="country" />
      <TextField source="region" />
    </Datagrid>
  </List>
);

const institutionFields = (
  <>
    <TextInput source="name" validate={required()} fullWidth />
    <TextInput source="nameNative" label="swr.accreditation.nameInNationalScript" fullWidth />
    <SelectInput
      source="kind"
      choices={[
        { id: 'school', name: 'swr.accreditation.kinds.school' },
        { id: 'training_provider', name: 'swr.accreditation.kinds.training_provider' },
      ]}
    />
    <TextInput source="country" validate={required()} helperText="ISO code, e.g. VN" />
    <TextInput source="region" validate={required()} />
    <TextInput source="contactEmail" type="email" />
    <TextInput source="contactPhone" />
    <TextInput source="website" />
    <TextInput source="address" multiline fullWidth />
  </>
);
export const InstitutionCreate = () => (
  <Create redirect="show">
    <SimpleForm defaultValues={{ kind: 'school', country: 'VN' }}>{institutionFields}</SimpleForm>
  </Create>
);
export const InstitutionEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <SimpleForm>{institutionFields}</SimpleForm>
  </Edit>
);
type UploadReport = Schemas['GraduateUploadReport'];

function GraduateUpload() {
  const t = useTranslate();
  const record = useRecordContext<{ id: string }>();
  const { permissions } = usePermissions<string[]>();
  const { error, run } = useAction();
  const [report, setReport] = useState<UploadReport | null>(null);
  if (!record) return null;
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2">
          {t('swr.accreditation.graduateList')}
        </Typography>
        <Typography variant="body2" sx={{ mb: 1 }}>
          CSV in UTF-8 with the columns full_name, date_of_birth, student_id, programme, graduation_date (dates as
          YYYY-MM-DD). The file is checked first; nothing is imported until the council accepts it.
        </Typography>
        <input
          aria-label={t('swr.accreditation.graduateListCsv')}
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file)
              void run(
                async () =>
                  setReport(
                    await answer(
                      registry.POST('/api/v1/institutions/{id}/graduate-uploads', {
                        params: { path: { id: record.id }, query: { filename: file.name } },
                        ...fileBody(new Blob([file], { type: 'text/csv' })),
                      }),
                    ),
                  ),
                t('swr.accreditation.fileChecked'),
              );
          }}
        />
        {error && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {error}
          </Alert>
        )}
        {report && (
          <Box sx={{ mt: 2 }}>
            <Alert severity={report.errors.length ? 'warning' : 'success'}>
              {report.alreadyUploaded ? `${t('swr.accreditation.uploadedBefore')} ` : ''}
              {report.validCount} of {report.rowCount} rows are valid
              {report.status === 'accepted' ? `; ${report.importedCount} imported` : ''}.
            </Alert>
            {report.errors.length > 0 && (
              <Box
                component="table"
                sx={{
                  mt: 1,
                  borderCollapse: 'collapse',
                  '& td, & th': { border: '1px solid #ddd', p: 0.5, textAlign: 'left' },
                }}
              >
                <thead>
                  <tr>
                    <th>{t('swr.accreditation.row')}</th>
                    <th>{t('swr.accreditation.field')}</th>
                    <th>{t('swr.accreditation.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.errors.map((e, i) => (
                    <tr key={i}>
                      <td>{e.row}</td>
                      <td>{e.field}</td>
                      <td>{e.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </Box>
            )}
            {isManager(permissions) && report.status === 'validated' && report.validCount > 0 && (
              <Button
                sx={{ mt: 1 }}
                variant="contained"
                onClick={() =>
                  run(
                    async () =>
                      setReport(
                        await answer(
                          registry.POST('/api/v1/graduate-uploads/{id}/acceptance', {
                            params: { path: { id: report.id } },
                          }),
                        ),
                      ),
                    t('swr.accreditation.graduatesImported'),
                  )
                }
              >
                Accept the {report.validCount} valid rows
              </Button>
            )}
          </Box>
        )}
      </CardContent>
    </Card>
  );
}

export const InstitutionShow = () => (
  <Show
    actions={
      <TopToolbar>
        <EditButton />
      </TopToolbar>
    }
  >
    <SimpleShowLayout>
      <TextField source="name" />
      <TextField source="nameNative" emptyText="—" />
      <TextField source="region" />
      <TextField source="contactEmail" emptyText="—" />
      <Labeled label="swr.accreditation.programmes">
        <ReferenceManyField reference="programmes" target="institutionId">
          <Datagrid rowClick="show" bulkActionButtons={false}>
            <TextField source="name" />
            <TextField source="level" />
            <FunctionField<Programme>
              label="swr.accreditation.accreditation"
              render={(p) => <CurrentAccreditation programme={p} />}
            />
          </Datagrid>
        </ReferenceManyField>
      </Labeled>
      <GraduateUpload />
    </SimpleShowLayout>
  </Show>
);

// ---- programmes ----
function CurrentAccreditation({ programme: p }: { programme: Programme }) {
  const t = useTranslate();
  const formatDate = useFormatDate();
  const active = (p.accreditations ?? []).filter((a) => a.status === 'active').at(-1);
  return (
    <span>
      {active
        ? t('swr.accreditation.until', {
            outcome: t(`swr.accreditation.outcomes.${active.outcome}`, { _: active.outcome.replace(/_/g, ' ') }),
            date: formatDate(active.validUntil),
          })
        : t('swr.accreditation.notAccreditedYet')}
    </span>
  );
}

export const ProgrammeList = () => (
  <List
    filters={[<SearchInput source="q" alwaysOn key="q" />, <SelectInput source="level" choices={LEVELS} key="l" />]}
    sort={{ field: 'name', order: 'ASC' }}
  >
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="name" />
      <TextField source="institutionName" label="swr.accreditation.institution" />
      <TextField source="level" />
      <FunctionField<Programme>
        label="swr.accreditation.accreditation"
        render={(p) => <CurrentAccreditation programme={p} />}
      />
    </Datagrid>
  </List>
);

export const ProgrammeCreate = () => (
  <Create redirect="show">
    <SimpleForm
      defaultValues={{
        level: 'bachelor',
        deliveryMode: 'in_person',
        durationMonths: 48,
        credits: 120,
        fieldPlacementHours: 400,
      }}
    >
      <ReferenceInput source="institutionId" reference="institutions">
        <AutocompleteInput optionText="name" validate={required()} />
      </ReferenceInput>
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="nameNative" label="swr.accreditation.nameInNationalScript" fullWidth />
      <SelectInput source="level" choices={LEVELS} validate={required()} />
      <NumberInput source="durationMonths" validate={required()} />
      <NumberInput source="credits" validate={required()} />
      <NumberInput source="fieldPlacementHours" validate={required()} />
      <SelectInput
        source="deliveryMode"
        choices={[
          { id: 'in_person', name: 'swr.accreditation.modes.in_person' },
          { id: 'online', name: 'swr.accreditation.modes.online' },
          { id: 'blended', name: 'swr.accreditation.modes.blended' },
        ]}
      />
    </SimpleForm>
  </Create>
);

export const ProgrammeShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="name" />
      <TextField source="institutionName" label="swr.accreditation.institution" />
      <TextField source="level" />
      <NumberField source="fieldPlacementHours" />
      <ArrayField source="accreditations" label="swr.accreditation.accreditationHistory">
        <Datagrid bulkActionButtons={false} rowClick={false}>
          <TextField source="outcome" />
          <TextField source="status" />
          <DateText source="validFrom" />
          <DateText source="validUntil" />
          <DateText source="withdrawnFrom" emptyText="—" />
          <FunctionField<Accreditation>
            label="swr.accreditation.conditions"
            render={(a) => <Conditions accreditation={a} />}
          />
          <FunctionField<Accreditation> label="" render={(a) => <Withdraw accreditation={a} />} />
        </Datagrid>
      </ArrayField>
    </SimpleShowLayout>
  </Show>
);

function Conditions({ accreditation }: { accreditation: Accreditation }) {
  const t = useTranslate();
  const { permissions } = usePermissions<string[]>();
  const { error, run } = useAction();
  if (!accreditation.conditions.length) return <>—</>;
  return (
    <Stack spacing={0.5}>
      {error && <Alert severity="error">{error}</Alert>}
      {accreditation.conditions.map((c) => (
        <Box key={c.id}>
          {c.text} — due {c.dueDate}, <strong>{c.status}</strong>
          {isManager(permissions) && c.status === 'open' && (
            <>
              <Button
                size="small"
                onClick={() =>
                  run(
                    () =>
                      answer(
                        registry.POST('/api/v1/accreditations/{id}/conditions/{conditionId}', {
                          params: { path: { id: accreditation.id, conditionId: c.id } },
                          body: { status: 'met', version: c.version },
                        }),
                      ),
                    t('swr.accreditation.conditionMet'),
                  )
                }
              >
                {t('swr.accreditation.met')}
              </Button>
              <Button
                size="small"
                color="warning"
                onClick={() =>
                  run(
                    () =>
                      answer(
                        registry.POST('/api/v1/accreditations/{id}/conditions/{conditionId}', {
                          params: { path: { id: accreditation.id, conditionId: c.id } },
                          body: { status: 'missed', version: c.version },
                        }),
                      ),
                    t('swr.accreditation.conditionMissed'),
                  )
                }
              >
                {t('swr.accreditation.missed')}
              </Button>
            </>
          )}
        </Box>
      ))}
    </Stack>
  );
}

function Withdraw({ accreditation }: { accreditation: Accreditation }) {
  const t = useTranslate();
  const { permissions } = usePermissions<string[]>();
  const { error, run } = useAction();
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState('');
  const [reason, setReason] = useState('');
  if (!isManager(permissions) || accreditation.status !== 'active') return null;
  if (!open)
    return (
      <Button size="small" color="warning" onClick={() => setOpen(true)}>
        Withdraw…
      </Button>
    );
  return (
    <Stack spacing={1} sx={{ minWidth: 260 }}>
      {error && <Alert severity="error">{error}</Alert>}
      <DayTextField
        label={t('swr.accreditation.effectiveFrom')}
        size="small"
        value={from}
        onChange={(day) => setFrom(day)}
      />
      <MuiTextField
        label={t('swr.accreditation.reason')}
        size="small"
        multiline
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <Button
        variant="contained"
        color="warning"
        onClick={() =>
          run(
            () =>
              answer(
                registry.POST('/api/v1/accreditations/{id}/withdrawal', {
                  params: { path: { id: accreditation.id } },
                  body: { effectiveFrom: from, reason, version: accreditation.version },
                }),
              ),
            t('swr.accreditation.accreditationWithdrawn'),
          )
        }
      >
        {t('swr.accreditation.withdrawAccreditation')}
      </Button>
    </Stack>
  );
}

export const GraduateList = () => (
  <List filters={[<SearchInput source="q" alwaysOn key="q" />]} sort={{ field: 'fullName', order: 'ASC' }}>
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <TextField source="fullName" />
      <TextField source="studentId" />
      <ReferenceField source="programmeId" reference="programmes" link="show">
        <TextField source="name" />
      </ReferenceField>
      <DateText source="dateOfBirth" />
      <DateText source="graduationDate" />
    </Datagrid>
  </List>
);

// ---- applications ----
export const ApplicationList = () => (
  <List
    filters={[<SelectInput source="status" choices={STATUSES} alwaysOn key="s" />]}
    sort={{ field: 'createdAt', order: 'DESC' }}
  >
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="institutionName" label="swr.accreditation.institution" />
      <TextField source="programmeName" label="swr.accreditation.programme" />
      <TextField source="status" />
      <DateText source="submittedAt" showTime emptyText="—" />
      <TextField source="outcome" emptyText="—" />
    </Datagrid>
  </List>
);

export const ApplicationCreate = () => (
  <Create redirect="show">
    <SimpleForm>
      <ReferenceInput source="programmeId" reference="programmes">
        <AutocompleteInput optionText="name" validate={required()} />
      </ReferenceInput>
      <TextInput
        source="selfStudySummary"
        label="swr.accreditation.selfStudySummary"
        multiline
        minRows={4}
        fullWidth
        validate={required()}
      />
    </SimpleForm>
  </Create>
);

type DecisionOutcome = Schemas['AccreditationDecision']['outcome'];
const OUTCOMES: readonly DecisionOutcome[] = ['accredited', 'accredited_with_conditions', 'not_accredited'];

function ApplicationActions() {
  const t = useTranslate();
  const record = useRecordContext<AccreditationApplication>();
  const { permissions } = usePermissions<string[]>();
  const { error, run } = useAction();
  const [reviewers, setReviewers] = useState<StaffMember[] | null>(null);
  const [reviewerId, setReviewerId] = useState('');
  const [visitDate, setVisitDate] = useState('');
  const [findings, setFindings] = useState('');
  const [outcome, setOutcome] = useState<DecisionOutcome>('accredited');
  const [reason, setReason] = useState('');
  const [condition, setCondition] = useState('');
  const [conditionDue, setConditionDue] = useState('');
  if (!record) return null;
  const id = record.id;
  const manager = isManager(permissions);
  const reviewerRole = manager || permissions?.includes('reviewer');
  const schoolSide = record.status === 'draft' || record.status === 'submitted';
  const canAct = schoolSide || (reviewerRole && record.status === 'under_review');
  if (!canAct && !error) return null;

  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Stack spacing={2}>
          {error && (
            <Alert severity="error" role="alert">
              {error}
            </Alert>
          )}
          {schoolSide && (
            <Box>
              <Typography variant="subtitle2">{t('swr.accreditation.attachASelfStudyDocument')}</Typography>
              <input
                aria-label={t('swr.accreditation.selfStudyPdf')}
                type="file"
                accept="application/pdf"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file)
                    void run(
                      () =>
                        answer(
                          registry.POST('/api/v1/accreditation-applications/{id}/documents', {
                            params: { path: { id }, query: { filename: file.name } },
                            ...fileBody(file),
                          }),
                        ),
                      t('swr.accreditation.documentAttached'),
                    );
                }}
              />
            </Box>
          )}
          {record.status === 'draft' && (
            <Button
              variant="contained"
              onClick={() =>
                run(
                  () =>
                    answer(
                      registry.POST('/api/v1/accreditation-applications/{id}/submit', {
                        params: { path: { id } },
                        body: { version: record.version },
                      }),
                    ),
                  t('swr.accreditation.applicationSubmitted'),
                )
              }
            >
              {t('swr.accreditation.submitToTheCouncil')}
            </Button>
          )}
          {manager && (record.status === 'submitted' || record.status === 'under_review') && (
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              {reviewers === null ? (
                <Button
                  onClick={async () =>
                    setReviewers(
                      await answer(
                        registry.GET('/api/v1/staff-directory', { params: { query: { role: 'reviewer' } } }),
                      ).then((r) => r.items),
                    )
                  }
                >
                  Choose reviewers…
                </Button>
              ) : (
                <>
                  <MuiTextField
                    select
                    label={t('swr.accreditation.reviewer')}
                    size="small"
                    value={reviewerId}
                    onChange={(e) => setReviewerId(e.target.value)}
                    sx={{ minWidth: 240 }}
                  >
                    {reviewers.map((r) => (
                      <MenuItem key={r.id} value={r.id}>
                        {r.displayName}
                      </MenuItem>
                    ))}
                  </MuiTextField>
                  <Button
                    variant="outlined"
                    disabled={!reviewerId}
                    onClick={() =>
                      run(
                        () =>
                          answer(
                            registry.POST('/api/v1/accreditation-applications/{id}/reviewers', {
                              params: { path: { id } },
                              body: { reviewerIds: [reviewerId], version: record.version },
                            }),
                          ),
                        t('swr.accreditation.reviewerAssigned'),
                      )
                    }
                  >
                    {t('swr.accreditation.assign')}
                  </Button>
                </>
              )}
            </Stack>
          )}
          {reviewerRole && record.status === 'under_review' && (
            <Stack spacing={1}>
              <Typography variant="subtitle2">{t('swr.accreditation.siteVisit')}</Typography>
              <DayTextField
                label={t('swr.accreditation.visitDate')}
                size="small"
                value={visitDate}
                onChange={(day) => setVisitDate(day)}
              />
              <MuiTextField
                label={t('swr.accreditation.findings')}
                multiline
                minRows={2}
                value={findings}
                onChange={(e) => setFindings(e.target.value)}
              />
              <Button
                variant="outlined"
                onClick={() =>
                  run(
                    () =>
                      answer(
                        registry.POST('/api/v1/accreditation-applications/{id}/site-visit', {
                          params: { path: { id } },
                          body: { date: visitDate, findings, version: record.version },
                        }),
                      ),
                    t('swr.accreditation.siteVisitRecorded'),
                  )
                }
              >
                {t('swr.accreditation.recordSiteVisit')}
              </Button>
            </Stack>
          )}
          {manager && record.status === 'under_review' && (
            <Stack spacing={1}>
              <Typography variant="subtitle2">{t('swr.accreditation.decision')}</Typography>
              <MuiTextField
                select
                label={t('swr.accreditation.outcome')}
                size="small"
                value={outcome}
                onChange={(e) => setOutcome(OUTCOMES.find((o) => o === e.target.value) ?? outcome)}
              >
                <MenuItem value="accredited">{t('swr.accreditation.accredited')}</MenuItem>
                <MenuItem value="accredited_with_conditions">
                  {t('swr.accreditation.accreditedWithConditions')}
                </MenuItem>
                <MenuItem value="not_accredited">{t('swr.accreditation.notAccredited')}</MenuItem>
              </MuiTextField>
              <MuiTextField
                label={t('swr.accreditation.reason')}
                multiline
                minRows={2}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
              {outcome === 'accredited_with_conditions' && (
                <Stack direction="row" spacing={1}>
                  <MuiTextField
                    label={t('swr.accreditation.condition')}
                    size="small"
                    value={condition}
                    onChange={(e) => setCondition(e.target.value)}
                    sx={{ flex: 1 }}
                  />
                  <DayTextField
                    label={t('swr.accreditation.due')}
                    size="small"
                    value={conditionDue}
                    onChange={(day) => setConditionDue(day)}
                  />
                </Stack>
              )}
              <Button
                variant="contained"
                onClick={() =>
                  run(
                    () =>
                      answer(
                        registry.POST('/api/v1/accreditation-applications/{id}/decision', {
                          params: { path: { id } },
                          body: {
                            outcome,
                            reason,
                            version: record.version,
                            conditions:
                              outcome === 'accredited_with_conditions'
                                ? [{ text: condition, dueDate: conditionDue }]
                                : [],
                          },
                        }),
                      ),
                    t('swr.accreditation.decisionRecorded'),
                  )
                }
              >
                {t('swr.accreditation.recordDecision')}
              </Button>
            </Stack>
          )}
          {schoolSide && (
            <Button
              color="warning"
              onClick={() =>
                run(
                  () =>
                    answer(
                      registry.POST('/api/v1/accreditation-applications/{id}/withdraw', {
                        params: { path: { id } },
                        body: { version: record.version },
                      }),
                    ),
                  t('swr.accreditation.applicationWithdrawn'),
                )
              }
            >
              {t('swr.accreditation.withdrawApplication')}
            </Button>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
}

export const ApplicationShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="institutionName" label="swr.accreditation.institution" />
      <ReferenceField source="programmeId" reference="programmes" link="show">
        <TextField source="name" />
      </ReferenceField>
      <TextField source="status" />
      <TextField source="selfStudySummary" />
      <ArrayField source="documents">
        <Datagrid bulkActionButtons={false} rowClick={false}>
          <FunctionField<StoredDocument> label="swr.accreditation.file" render={(d) => <DocumentLink doc={d} />} />
          <NumberField source="sizeBytes" />
          <DateText source="uploadedAt" showTime />
        </Datagrid>
      </ArrayField>
      <DateText source="siteVisitDate" emptyText="—" />
      <TextField source="siteVisitFindings" emptyText="—" />
      <TextField source="outcome" emptyText="—" />
      <TextField source="decisionReason" emptyText="—" />
      <ApplicationActions />
    </SimpleShowLayout>
  </Show>
);

function DocumentLink({ doc }: { doc: StoredDocument }) {
  const { record: application } = useShowContext<AccreditationApplication>();
  const notify = useNotify();
  if (!application) return null;
  return (
    <Button
      size="small"
      onClick={() =>
        void downloadFile(
          registry.GET('/api/v1/accreditation-applications/{id}/documents/{documentId}', {
            params: { path: { id: application.id, documentId: doc.id } },
            parseAs: 'blob',
          }),
          doc.filename,
        ).catch((e) => notify(problemMessage(e), { type: 'error' }))
      }
    >
      {doc.filename}
    </Button>
  );
}

export { ArrayInput, SimpleFormIterator, DateInput };
