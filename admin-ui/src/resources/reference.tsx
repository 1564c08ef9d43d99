import { BooleanField, Datagrid, DateField, FunctionField, List, NumberField, TextField, SelectInput, TextInput } from 'react-admin';

const text = (v: Record<string, string> | undefined) => v?.en ?? Object.values(v ?? {})[0] ?? '';

export const TierList = () => (
  <List pagination={false} sort={{ field: 'rank', order: 'ASC' }}>
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <NumberField source="rank" />
      <TextField source="code" />
      <FunctionField label="Name" render={(r: any) => `${text(r.name)}${r.name?.vi ? ` · ${r.name.vi}` : ''}`} />
      <FunctionField label="Protected title" render={(r: any) => text(r.protectedTitle)} />
      <NumberField source="validityMonths" />
      <NumberField source="cpdCreditsPerCycle" />
      <BooleanField source="canSupervise" />
      <FunctionField label="Requirements" render={(r: any) => [
        r.requirements.minQualificationLevel && `${r.requirements.minQualificationLevel}+`,
        r.requirements.accreditedProgramme && 'accredited programme',
        r.requirements.supervisedHours > 0 && `${r.requirements.supervisedHours} supervised hours`,
        r.requirements.examRequired && 'exam',
        r.requirements.monthsAtPreviousTier > 0 && `${r.requirements.monthsAtPreviousTier} months as ${r.requirements.previousTier}`,
      ].filter(Boolean).join(', ')} />
    </Datagrid>
  </List>
);

export const CpdCategoryList = () => (
  <List pagination={false}>
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <TextField source="code" />
      <FunctionField label="Name" render={(r: any) => `${text(r.name)}${r.name?.vi ? ` · ${r.name.vi}` : ''}`} />
      <NumberField source="minCredits" />
      <NumberField source="maxCredits" emptyText="—" />
      <BooleanField source="structured" />
    </Datagrid>
  </List>
);

export const JobRunList = () => (
  <List filters={[<TextInput source="job" key="job" />, <SelectInput source="outcome" key="o" choices={['running', 'succeeded', 'failed'].map((id) => ({ id, name: id }))} />]} sort={{ field: 'startedAt', order: 'DESC' }}>
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <TextField source="job" />
      <DateField source="slot" showTime />
      <DateField source="startedAt" showTime />
      <DateField source="finishedAt" showTime emptyText="—" />
      <TextField source="outcome" />
      <FunctionField source="counts" render={(r: any) => (r.counts ? Object.entries(r.counts).map(([k, v]) => `${k}: ${v}`).join(', ') : r.error?.split('\n')[0] ?? '')} />
    </Datagrid>
  </List>
);
