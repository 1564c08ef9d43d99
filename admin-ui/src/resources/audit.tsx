import { useState } from 'react';
import {
  Datagrid,
  DateField,
  List,
  TextField,
  TextInput,
  TopToolbar,
  Button,
  NumberField,
  FunctionField,
} from 'react-admin';
import { Alert, Box } from '@mui/material';
import { api } from '../api';
import type { AuditEvent } from '../records';

function VerifyChain() {
  const [result, setResult] = useState<{
    ok: boolean;
    checked: number;
    firstBrokenSeq: number | null;
    reason: string | null;
  } | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
      {result && (
        <Alert severity={result.ok ? 'success' : 'error'} sx={{ py: 0 }}>
          {result.ok
            ? `Chain intact: ${result.checked} rows checked`
            : `Broken at row ${result.firstBrokenSeq}: ${result.reason}`}
        </Alert>
      )}
      <Button
        label="Verify chain"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            setResult(await api('GET', '/api/v1/audit-events/verification'));
          } finally {
            setBusy(false);
          }
        }}
      />
    </Box>
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
      <DateField source="occurredAt" showTime />
      <TextField source="actorLabel" />
      <TextField source="action" />
      <TextField source="entityType" />
      <TextField source="entityId" emptyText="—" />
    </Datagrid>
  </List>
);
