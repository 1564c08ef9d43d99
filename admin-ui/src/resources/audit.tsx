import { useState } from 'react';
import {
  Datagrid,
  List,
  TextField,
  TextInput,
  TopToolbar,
  Button,
  NumberField,
  FunctionField,
  useTranslate,
} from 'react-admin';
import { Alert, Box } from '@mui/material';
import type { Schemas } from '../../../clients/typescript/index';
import { answer, registry } from '../api';
import type { AuditEvent } from '../records';
import { DateText } from '../DateText';

function VerifyChain() {
  const t = useTranslate();
  const [result, setResult] = useState<Schemas['AuditChainVerification'] | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
      {result && (
        <Alert severity={result.ok ? 'success' : 'error'} sx={{ py: 0 }}>
          {result.ok
            ? t('swr.audit.intact', { count: result.checked })
            : t('swr.audit.broken', { row: result.firstBrokenSeq ?? '?', reason: result.reason ?? '' })}
        </Alert>
      )}
      <Button
        label="swr.audit.verify"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            setResult(await answer(registry.GET('/api/v1/audit-events/verification')));
          } finally {
            setBusy(false);
          }
        }}
      />
    </Box>
  );
}

/** An audit action (`discipline.sanction-published`) read as words: what it concerns, and what happened. */
function AuditAction({ code }: { code: string }) {
  const t = useTranslate();
  const dot = code.indexOf('.');
  const entity = dot > 0 ? code.slice(0, dot) : code;
  const verb = dot > 0 ? code.slice(dot + 1) : '';
  const human = (s: string) => s.replace(/[._-]/g, ' ');
  return (
    <span title={code}>
      {t('swr.audit.action', {
        entity: t(`swr.audit.entities.${entity}`, { _: human(entity) }),
        verb: t(`swr.audit.verbs.${verb.replace(/\./g, '_')}`, { _: human(verb) }),
      })}
    </span>
  );
}

const Details = ({ record }: { record?: AuditEvent }) => (
  <Box component="pre" sx={{ fontSize: 12, whiteSpace: 'pre-wrap', m: 0 }}>
    {JSON.stringify(
      {
        before: record?.before,
        after: record?.after,
        requestId: record?.requestId,
        hash: record?.hash,
        prevHash: record?.prevHash,
      },
      null,
      2,
    )}
  </Box>
);

export const AuditList = () => (
  <List
    actions={
      <TopToolbar>
        <VerifyChain />
      </TopToolbar>
    }
    filters={[
      <TextInput source="action" key="a" />,
      <TextInput source="entityType" key="t" />,
      <TextInput source="entityId" key="i" />,
    ]}
    sort={{ field: 'seq', order: 'DESC' }}
  >
    <Datagrid
      bulkActionButtons={false}
      rowClick="expand"
      expand={<FunctionField<AuditEvent> render={(r) => <Details record={r} />} />}
    >
      <NumberField source="seq" />
      <DateText source="occurredAt" showTime />
      <TextField source="actorLabel" />
      <FunctionField<AuditEvent & { action: string }> source="action" render={(r) => <AuditAction code={r.action} />} />
      <TextField source="entityType" />
      <TextField source="entityId" emptyText="—" />
    </Datagrid>
  </List>
);
