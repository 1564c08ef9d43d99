import { useState } from 'react';
import {
  ArrayField, AutocompleteInput, Create, Datagrid, DateField, Edit, FunctionField, List, NumberField, NumberInput, ReferenceField, ReferenceInput,
  ReferenceManyField, SearchInput, SelectInput, Show, SimpleForm, SimpleShowLayout, TextField, TextInput, required, useNotify, useRecordContext,
  useRefresh, usePermissions, Labeled, useShowContext, ArrayInput, SimpleFormIterator, DateInput, TopToolbar, EditButton,
} from 'react-admin';
import { Alert, Box, Button, Card, CardContent, MenuItem, Stack, TextField as MuiTextField, Typography } from '@mui/material';
import { api, ApiError, session } from '../api';

const LEVELS = ['certificate', 'diploma', 'bachelor', 'master', 'doctorate'].map((id) => ({ id, name: id }));
const STATUSES = ['draft', 'submitted', 'under_review', 'decided', 'withdrawn'].map((id) => ({ id, name: id.replace('_', ' ') }));
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
    <TextInput source="nameNative" label="Name in national script" fullWidth />
    <SelectInput source="kind" choices={[{ id: 'school', name: 'School of social work' }, { id: 'training_provider', name: 'Training provider' }]} />
    <TextInput source="country" validate={required()} helperText="ISO code, e.g. VN" />
    <TextInput source="region" validate={required()} />
    <TextInput source="contactEmail" type="email" />
    <TextInput source="contactPhone" />
    <TextInput source="website" />
    <TextInput source="address" multiline fullWidth />
  </>
);
export const InstitutionCreate = () => <Create redirect="show"><SimpleForm defaultValues={{ kind: 'school', country: 'VN' }}>{institutionFields}</SimpleForm></Create>;
export const InstitutionEdit = () => <Edit mutationMode="pessimistic" redirect="show"><SimpleForm>{institutionFields}</SimpleForm></Edit>;
export const InstitutionShow = () => (
  <Show actions={<TopToolbar><EditButton /></TopToolbar>}>
    <SimpleShowLayout>
      <TextField source="name" />
      <TextField source="nameNative" emptyText="—" />
      <TextField source="region" />
      <TextField source="contactEmail" emptyText="—" />
      <Labeled label="Programmes">
        <ReferenceManyField reference="programmes" target="institutionId">
          <Datagrid rowClick="show" bulkActionButtons={false}>
            <TextField source="name" />
            <TextField source="level" />
            <FunctionField label="Accreditation" render={(p: any) => currentAccreditation(p)} />
          </Datagrid>
        </ReferenceManyField>
      </Labeled>
    </SimpleShowLayout>
  </Show>
);

// ---- programmes ----
const currentAccreditation = (p: any) => {
  const active = (p.accreditations ?? []).filter((a: any) => a.status === 'active').at(-1);
  return active ? `${active.outcome.replace(/_/g, ' ')} until ${active.validUntil}` : 'not accredited';
};

export const ProgrammeList = () => (
  <List filters={[<SearchInput source="q" alwaysOn key="q" />, <SelectInput source="level" choices={LEVELS} key="l" />]} sort={{ field: 'name', order: 'ASC' }}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="name" />
      <TextField source="institutionName" label="Institution" />
      <TextField source="level" />
      <FunctionField label="Accreditation" render={(p: any) => currentAccreditation(p)} />
    </Datagrid>
  </List>
);

export const ProgrammeCreate = () => (
  <Create redirect="show">
    <SimpleForm defaultValues={{ level: 'bachelor', deliveryMode: 'in_person', durationMonths: 48, credits: 120, fieldPlacementHours: 400 }}>
      <ReferenceInput source="institutionId" reference="institutions"><AutocompleteInput optionText="name" validate={required()} /></ReferenceInput>
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="nameNative" label="Name in national script" fullWidth />
      <SelectInput source="level" choices={LEVELS} validate={required()} />
      <NumberInput source="durationMonths" validate={required()} />
      <NumberInput source="credits" validate={required()} />
      <NumberInput source="fieldPlacementHours" validate={required()} />
      <SelectInput source="deliveryMode" choices={[{ id: 'in_person', name: 'in person' }, { id: 'online', name: 'online' }, { id: 'blended', name: 'blended' }]} />
    </SimpleForm>
  </Create>
);

export const ProgrammeShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="name" />
      <TextField source="institutionName" label="Institution" />
      <TextField source="level" />
      <NumberField source="fieldPlacementHours" />
      <ArrayField source="accreditations" label="Accreditation history">
        <Datagrid bulkActionButtons={false} rowClick={false}>
          <TextField source="outcome" />
          <TextField source="status" />
          <DateField source="validFrom" />
          <DateField source="validUntil" />
          <DateField source="withdrawnFrom" emptyText="—" />
          <FunctionField label="Conditions" render={(a: any) => a.conditions.map((c: any) => `${c.text} (due ${c.dueDate}, ${c.status})`).join('; ') || '—'} />
        </Datagrid>
      </ArrayField>
    </SimpleShowLayout>
  </Show>
);

// ---- applications ----
export const ApplicationList = () => (
  <List filters={[<SelectInput source="status" choices={STATUSES} alwaysOn key="s" />]} sort={{ field: 'createdAt', order: 'DESC' }}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="institutionName" label="Institution" />
      <TextField source="programmeName" label="Programme" />
      <TextField source="status" />
      <DateField source="submittedAt" showTime emptyText="—" />
      <TextField source="outcome" emptyText="—" />
    </Datagrid>
  </List>
);

export const ApplicationCreate = () => (
  <Create redirect="show">
    <SimpleForm>
      <ReferenceInput source="programmeId" reference="programmes"><AutocompleteInput optionText="name" validate={required()} /></ReferenceInput>
      <TextInput source="selfStudySummary" label="Self-study summary" multiline minRows={4} fullWidth validate={required()} />
    </SimpleForm>
  </Create>
);

function useAction() {
  const notify = useNotify();
  const refresh = useRefresh();
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => Promise<unknown>, done: string) => {
    setError(null);
    try {
      await fn();
      notify(done, { type: 'success' });
      refresh();
    } catch (e) {
      setError(e instanceof ApiError ? [e.problem?.detail, ...(e.problem?.errors ?? []).map((f) => `${f.field}: ${f.message}`)].filter(Boolean).join(' — ') : String(e));
    }
  };
  return { error, run };
}

function ApplicationActions() {
  const record = useRecordContext<any>();
  const { permissions } = usePermissions<string[]>();
  const { error, run } = useAction();
  const [reviewers, setReviewers] = useState<{ id: string; displayName: string }[] | null>(null);
  const [reviewerId, setReviewerId] = useState('');
  const [visitDate, setVisitDate] = useState('');
  const [findings, setFindings] = useState('');
  const [outcome, setOutcome] = useState('accredited');
  const [reason, setReason] = useState('');
  const [condition, setCondition] = useState('');
  const [conditionDue, setConditionDue] = useState('');
  if (!record) return null;
  const base = `/api/v1/accreditation-applications/${record.id}`;
  const manager = isManager(permissions);
  const reviewerRole = manager || permissions?.includes('reviewer');
  const schoolSide = record.status === 'draft' || record.status === 'submitted';

  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Stack spacing={2}>
          {error && <Alert severity="error" role="alert">{error}</Alert>}
          {schoolSide && (
            <Box>
              <Typography variant="subtitle2">Attach a self-study document (PDF, at most 10 MB)</Typography>
              <input aria-label="Self-study PDF" type="file" accept="application/pdf" onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void run(() => api('POST', `${base}/documents?filename=${encodeURIComponent(file.name)}`, file), 'Document attached');
              }} />
            </Box>
          )}
          {record.status === 'draft' && <Button variant="contained" onClick={() => run(() => api('POST', `${base}/submit`, { version: record.version }), 'Application submitted')}>Submit to the council</Button>}
          {manager && (record.status === 'submitted' || record.status === 'under_review') && (
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              {reviewers === null ? (
                <Button onClick={async () => setReviewers(await api<{ items: any[] }>('GET', '/api/v1/staff-directory?role=reviewer').then((r) => r.items))}>Choose reviewers…</Button>
              ) : (
                <>
                  <MuiTextField select label="Reviewer" size="small" value={reviewerId} onChange={(e) => setReviewerId(e.target.value)} sx={{ minWidth: 240 }}>
                    {reviewers.map((r) => <MenuItem key={r.id} value={r.id}>{r.displayName}</MenuItem>)}
                  </MuiTextField>
                  <Button variant="outlined" disabled={!reviewerId} onClick={() => run(() => api('POST', `${base}/reviewers`, { reviewerIds: [reviewerId], version: record.version }), 'Reviewer assigned')}>Assign</Button>
                </>
              )}
            </Stack>
          )}
          {reviewerRole && record.status === 'under_review' && (
            <Stack spacing={1}>
              <Typography variant="subtitle2">Site visit</Typography>
              <MuiTextField type="date" label="Visit date" size="small" slotProps={{ inputLabel: { shrink: true } }} value={visitDate} onChange={(e) => setVisitDate(e.target.value)} />
              <MuiTextField label="Findings" multiline minRows={2} value={findings} onChange={(e) => setFindings(e.target.value)} />
              <Button variant="outlined" onClick={() => run(() => api('POST', `${base}/site-visit`, { date: visitDate, findings, version: record.version }), 'Site visit recorded')}>Record site visit</Button>
            </Stack>
          )}
          {manager && record.status === 'under_review' && (
            <Stack spacing={1}>
              <Typography variant="subtitle2">Decision</Typography>
              <MuiTextField select label="Outcome" size="small" value={outcome} onChange={(e) => setOutcome(e.target.value)}>
                <MenuItem value="accredited">Accredited</MenuItem>
                <MenuItem value="accredited_with_conditions">Accredited with conditions</MenuItem>
                <MenuItem value="not_accredited">Not accredited</MenuItem>
              </MuiTextField>
              <MuiTextField label="Reason" multiline minRows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
              {outcome === 'accredited_with_conditions' && (
                <Stack direction="row" spacing={1}>
                  <MuiTextField label="Condition" size="small" value={condition} onChange={(e) => setCondition(e.target.value)} sx={{ flex: 1 }} />
                  <MuiTextField type="date" label="Due" size="small" slotProps={{ inputLabel: { shrink: true } }} value={conditionDue} onChange={(e) => setConditionDue(e.target.value)} />
                </Stack>
              )}
              <Button variant="contained" onClick={() => run(() => api('POST', `${base}/decision`, {
                outcome, reason, version: record.version, conditions: outcome === 'accredited_with_conditions' ? [{ text: condition, dueDate: conditionDue }] : [],
              }), 'Decision recorded')}>Record decision</Button>
            </Stack>
          )}
          {schoolSide && <Button color="warning" onClick={() => run(() => api('POST', `${base}/withdraw`, { version: record.version }), 'Application withdrawn')}>Withdraw application</Button>}
        </Stack>
      </CardContent>
    </Card>
  );
}

export const ApplicationShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="institutionName" label="Institution" />
      <ReferenceField source="programmeId" reference="programmes" link="show"><TextField source="name" /></ReferenceField>
      <TextField source="status" />
      <TextField source="selfStudySummary" />
      <ArrayField source="documents">
        <Datagrid bulkActionButtons={false} rowClick={false}>
          <FunctionField label="File" render={(d: any) => <DocumentLink doc={d} />} />
          <NumberField source="sizeBytes" />
          <DateField source="uploadedAt" showTime />
        </Datagrid>
      </ArrayField>
      <DateField source="siteVisitDate" emptyText="—" />
      <TextField source="siteVisitFindings" emptyText="—" />
      <TextField source="outcome" emptyText="—" />
      <TextField source="decisionReason" emptyText="—" />
      <ApplicationActions />
    </SimpleShowLayout>
  </Show>
);

function DocumentLink({ doc }: { doc: any }) {
  const { record: application } = useShowContext<any>();
  return (
    <Button size="small" onClick={async () => {
      const res = await fetch(`/api/v1/accreditation-applications/${application.id}/documents/${doc.id}`, { headers: { authorization: `Bearer ${session.token}` } });
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = doc.filename;
      a.click();
      URL.revokeObjectURL(url);
    }}>{doc.filename}</Button>
  );
}

export { ArrayInput, SimpleFormIterator, DateInput };
