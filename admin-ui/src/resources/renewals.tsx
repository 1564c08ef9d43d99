import {
  Button,
  Datagrid,
  FunctionField,
  List,
  NumberField,
  SelectInput,
  TextField,
  TextInput,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { Chip } from '@mui/material';
import { useFormatDate } from '../format';
import { CodeField, useCodeLabel } from '../codes';
import ReplayIcon from '@mui/icons-material/Replay';
import { answer, problemMessage, registry } from '../api';
import type { OutboxMessage, RenewalDue } from '../records';
import { DateText } from '../DateText';

/** A number of days as a chip, redder as it nears. */
const DaysChip = ({ days }: { days: number }) => (
  <Chip
    size="small"
    label={useTranslate()('swr.renewalsDue.days', { count: days })}
    color={days <= 7 ? 'error' : days <= 30 ? 'warning' : 'default'}
  />
);

type DueRow = RenewalDue & { registrantName: string; email: string | null; validUntil: string };

function NameAndEmail() {
  const r = useRecordContext<DueRow>();
  const t = useTranslate();
  if (!r) return null;
  return (
    <>
      {r.registrantName}
      <br />
      <small>{r.email ?? t('swr.renewalsDue.noEmail')}</small>
    </>
  );
}

function ValidUntil() {
  const r = useRecordContext<DueRow>();
  const t = useTranslate();
  const formatDate = useFormatDate();
  if (!r) return null;
  return (
    <>
      <span style={{ whiteSpace: 'nowrap' }}>{formatDate(r.validUntil)}</span>
      <br />
      {r.daysToExpiry >= 0 ? (
        <DaysChip days={r.daysToExpiry} />
      ) : (
        <Chip size="small" label={t('swr.renewalsDue.expiredAgo', { count: -r.daysToExpiry })} />
      )}
    </>
  );
}

function RenewalState() {
  const r = useRecordContext<DueRow>();
  const t = useTranslate();
  const codeLabel = useCodeLabel();
  if (!r) return null;
  return r.renewal ? (
    <Chip
      size="small"
      label={codeLabel('applicationStatus', r.renewal.status)}
      color={r.renewal.status === 'draft' ? 'warning' : 'success'}
    />
  ) : (
    <Chip size="small" label={t('swr.renewalsDue.notStarted')} color="error" variant="outlined" />
  );
}

/** Licences due for renewal, soonest to lapse first; "at risk" = no renewal submitted yet. */
export const RenewalList = () => (
  <List
    filters={[
      <SelectInput
        key="view"
        source="view"
        alwaysOn
        choices={[
          { id: 'due', name: 'swr.renewalsDue.viewDue' },
          { id: 'at_risk', name: 'swr.renewalsDue.viewAtRisk' },
        ]}
      />,
      <SelectInput
        key="started"
        source="started"
        choices={[
          { id: 'true', name: 'swr.renewalsDue.startedNotSubmitted' },
          { id: 'false', name: 'swr.renewalsDue.notStarted' },
        ]}
      />,
      <TextInput key="tier" source="tierCode" />,
    ]}
    filterDefaultValues={{ view: 'at_risk' }}
    sort={{ field: 'id', order: 'ASC' }}
  >
    <Datagrid bulkActionButtons={false} rowClick={(id) => `/licences/${id}/show`}>
      <TextField source="number" sortable={false} sx={{ whiteSpace: 'nowrap' }} />
      <FunctionField source="registrantName" sortable={false} render={() => <NameAndEmail />} />
      <TextField source="tierCode" sortable={false} />
      <CodeField source="status" kind="licenceStatus" sortable={false} />
      <FunctionField source="validUntil" sortable={false} render={() => <ValidUntil />} />
      <FunctionField<RenewalDue>
        source="daysToLapse"
        sortable={false}
        render={(r) => <DaysChip days={r.daysToLapse} />}
      />
      <FunctionField source="renewal" sortable={false} render={() => <RenewalState />} />
      <NumberField source="remindersSent" sortable={false} />
    </Datagrid>
  </List>
);

const RetryButton = () => {
  const record = useRecordContext<OutboxMessage>();
  const notify = useNotify();
  const refresh = useRefresh();
  const t = useTranslate();
  if (record?.status !== 'failed') return null;
  return (
    <Button
      label="swr.outbox.retry"
      startIcon={<ReplayIcon />}
      onClick={async (e) => {
        e.stopPropagation();
        try {
          await answer(registry.POST('/api/v1/outbox/{id}/retry', { params: { path: { id: record.id } } }));
          notify(t('swr.outbox.queuedAgain'), { type: 'info' });
        } catch (err) {
          notify(problemMessage(err), { type: 'error' });
        }
        refresh();
      }}
    />
  );
};

const OutboxStatus = ({ status }: { status: string }) => (
  <span>{useTranslate()(`swr.outbox.statuses.${status}`, { _: status })}</span>
);

/** E-mails waiting, sent and failed; a failed one can be sent again. */
export const OutboxList = () => (
  <List
    filters={[
      <SelectInput
        key="status"
        source="status"
        alwaysOn
        choices={['pending', 'failed', 'sent'].map((id) => ({ id, name: `swr.outbox.statuses.${id}` }))}
      />,
      <TextInput key="q" source="q" alwaysOn />,
      <TextInput key="template" source="template" />,
    ]}
    sort={{ field: 'createdAt', order: 'DESC' }}
  >
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <DateText source="createdAt" showTime />
      <TextField source="toAddress" sortable={false} />
      <TextField source="template" sortable={false} />
      <TextField source="subject" emptyText="swr.outbox.renderedWhenSent" sortable={false} />
      <FunctionField<OutboxMessage>
        source="status"
        sortable={false}
        render={(r) => <OutboxStatus status={r.status} />}
      />
      <NumberField source="attempts" sortable={false} />
      <DateText source="nextAttemptAt" showTime />
      <DateText source="sentAt" showTime emptyText="—" sortable={false} />
      <FunctionField<OutboxMessage> source="lastError" render={(r) => r.lastError?.split('\n')[0] ?? ''} />
      <RetryButton />
    </Datagrid>
  </List>
);
