import {
  Button,
  Datagrid,
  DateField,
  FunctionField,
  List,
  NumberField,
  SelectInput,
  TextField,
  TextInput,
  useNotify,
  useRecordContext,
  useRefresh,
  useLocaleState,
} from 'react-admin';
import { Chip } from '@mui/material';
import { intlLocale } from '../format';
import ReplayIcon from '@mui/icons-material/Replay';
import { api, problemMessage } from '../api';
import type { OutboxMessage, RenewalDue } from '../records';

const daysChip = (days: number, label: string) => (
  <Chip size="small" label={`${days} ${label}`} color={days <= 7 ? 'error' : days <= 30 ? 'warning' : 'default'} />
);

/** Licences due for renewal, soonest to lapse first; "at risk" = no renewal submitted yet. */
export const RenewalList = () => {
  const [locale] = useLocaleState();
  return (
    <List
      title="Renewals"
      filters={[
        <SelectInput
          key="view"
          source="view"
          alwaysOn
          choices={[
            { id: 'due', name: 'Due (window open or in grace)' },
            { id: 'at_risk', name: 'At risk (nothing submitted)' },
          ]}
        />,
        <SelectInput
          key="started"
          source="started"
          label="Renewal started"
          choices={[
            { id: 'true', name: 'started, not submitted' },
            { id: 'false', name: 'not started' },
          ]}
        />,
        <TextInput key="tier" source="tierCode" label="Tier" />,
      ]}
      filterDefaultValues={{ view: 'at_risk' }}
      sort={{ field: 'id', order: 'ASC' }}
    >
      <Datagrid bulkActionButtons={false} rowClick={(id) => `/licences/${id}/show`}>
        <TextField source="number" sortable={false} sx={{ whiteSpace: 'nowrap' }} />
        <FunctionField<RenewalDue & { registrantName: string; email: string | null }>
          label="Name"
          render={(r) => (
            <>
              {r.registrantName}
              <br />
              <small>{r.email ?? 'no e-mail'}</small>
            </>
          )}
        />
        <TextField source="tierCode" label="Tier" sortable={false} />
        <TextField source="status" sortable={false} />
        <FunctionField<RenewalDue & { validUntil: string }>
          label="Valid until"
          render={(r) => (
            <>
              <span style={{ whiteSpace: 'nowrap' }}>
                {new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeZone: 'UTC' }).format(
                  new Date(`${r.validUntil}T00:00:00Z`),
                )}
              </span>
              <br />
              {r.daysToExpiry >= 0 ? (
                daysChip(r.daysToExpiry, 'days')
              ) : (
                <Chip size="small" label={`expired ${-r.daysToExpiry} days ago`} />
              )}
            </>
          )}
        />
        <FunctionField<RenewalDue> label="Lapses in" render={(r) => daysChip(r.daysToLapse, 'days')} />
        <FunctionField<RenewalDue>
          label="Renewal"
          render={(r) =>
            r.renewal ? (
              <Chip
                size="small"
                label={r.renewal.status.replace(/_/g, ' ')}
                color={r.renewal.status === 'draft' ? 'warning' : 'success'}
              />
            ) : (
              <Chip size="small" label="not started" color="error" variant="outlined" />
            )
          }
        />
        <NumberField source="remindersSent" label="Reminders" sortable={false} />
      </Datagrid>
    </List>
  );
};

const RetryButton = () => {
  const record = useRecordContext<{ id: string; status: string }>();
  const notify = useNotify();
  const refresh = useRefresh();
  if (record?.status !== 'failed') return null;
  return (
    <Button
      label="Retry"
      startIcon={<ReplayIcon />}
      onClick={async (e) => {
        e.stopPropagation();
        try {
          await api('POST', `/api/v1/outbox/${record.id}/retry`);
          notify('The e-mail is queued again', { type: 'info' });
        } catch (err) {
          notify(problemMessage(err), { type: 'error' });
        }
        refresh();
      }}
    />
  );
};

/** E-mails waiting, sent and failed; a failed one can be sent again. */
export const OutboxList = () => (
  <List
    title="Outbox"
    filters={[
      <SelectInput
        key="status"
        source="status"
        alwaysOn
        choices={['pending', 'failed', 'sent'].map((id) => ({ id, name: id }))}
      />,
      <TextInput key="q" source="q" label="Address" alwaysOn />,
      <TextInput key="template" source="template" />,
    ]}
    sort={{ field: 'createdAt', order: 'DESC' }}
  >
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <DateField source="createdAt" showTime />
      <TextField source="toAddress" label="To" sortable={false} />
      <TextField source="template" sortable={false} />
      <TextField source="subject" emptyText="(rendered when sent)" sortable={false} />
      <TextField source="status" sortable={false} />
      <NumberField source="attempts" sortable={false} />
      <DateField source="nextAttemptAt" showTime />
      <DateField source="sentAt" showTime emptyText="—" sortable={false} />
      <FunctionField<OutboxMessage> label="Last error" render={(r) => r.lastError?.split('\n')[0] ?? ''} />
      <RetryButton />
    </Datagrid>
  </List>
);
