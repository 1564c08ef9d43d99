import {
  BooleanField,
  BooleanInput,
  Datagrid,
  DateField,
  Edit,
  FunctionField,
  List,
  NumberField,
  NumberInput,
  SimpleForm,
  TextField,
  SelectInput,
  TextInput,
  required,
  usePermissions,
} from 'react-admin';
import type { CpdCategory, JobRun, Tier } from '../records';

const text = (v: Record<string, string> | undefined) => v?.en ?? Object.values(v ?? {})[0] ?? '';

export const TierList = () => {
  const { permissions } = usePermissions<string[]>();
  return (
    <List pagination={false} sort={{ field: 'rank', order: 'ASC' }}>
      <Datagrid bulkActionButtons={false} rowClick={permissions?.includes('admin') ? 'edit' : false}>
        <NumberField source="rank" />
        <TextField source="code" />
        <FunctionField<Tier> label="Name" render={(r) => `${text(r.name)}${r.name?.vi ? ` · ${r.name.vi}` : ''}`} />
        <FunctionField<Tier> label="Protected title" render={(r) => text(r.protectedTitle)} />
        <NumberField source="validityMonths" />
        <NumberField source="cpdCreditsPerCycle" />
        <BooleanField source="canSupervise" />
        <FunctionField<Tier>
          label="Requirements"
          render={(r) =>
            [
              r.requirements.minQualificationLevel && `${r.requirements.minQualificationLevel}+`,
              r.requirements.accreditedProgramme && 'accredited programme',
              r.requirements.supervisedHours > 0 && `${r.requirements.supervisedHours} supervised hours`,
              r.requirements.examRequired && 'exam',
              r.requirements.monthsAtPreviousTier > 0 &&
                `${r.requirements.monthsAtPreviousTier} months as ${r.requirements.previousTier}`,
            ]
              .filter(Boolean)
              .join(', ')
          }
        />
      </Datagrid>
    </List>
  );
};

export const CpdCategoryList = () => (
  <List pagination={false}>
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <TextField source="code" />
      <FunctionField<CpdCategory>
        label="Name"
        render={(r) => `${text(r.name)}${r.name?.vi ? ` · ${r.name.vi}` : ''}`}
      />
      <NumberField source="minCredits" />
      <NumberField source="maxCredits" emptyText="—" />
      <BooleanField source="structured" />
    </Datagrid>
  </List>
);

export const JobRunList = () => (
  <List
    filters={[
      <TextInput source="job" key="job" />,
      <SelectInput
        source="outcome"
        key="o"
        choices={['running', 'succeeded', 'failed'].map((id) => ({ id, name: id }))}
      />,
    ]}
    sort={{ field: 'startedAt', order: 'DESC' }}
  >
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <TextField source="job" />
      <DateField source="slot" showTime />
      <DateField source="startedAt" showTime />
      <DateField source="finishedAt" showTime emptyText="—" />
      <TextField source="outcome" />
      <FunctionField<JobRun>
        source="counts"
        render={(r) =>
          r.counts
            ? Object.entries(r.counts)
                .map(([k, v]) => `${k}: ${v}`)
                .join(', ')
            : (r.error?.split('\n')[0] ?? '')
        }
      />
    </Datagrid>
  </List>
);

const LEVELS = ['certificate', 'diploma', 'bachelor', 'master', 'doctorate'].map((id) => ({ id, name: id }));

/** The ladder configuration: names, title, validity, CPD and every requirement of a tier. */
export const TierEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list">
    <SimpleForm>
      <TextField source="code" />
      <TextInput source="name.en" label="Name (English)" validate={required()} />
      <TextInput source="name.vi" label="Name (Vietnamese)" />
      <TextInput source="protectedTitle.en" label="Protected title (English)" validate={required()} />
      <TextInput source="protectedTitle.vi" label="Protected title (Vietnamese)" />
      <NumberInput source="rank" validate={required()} />
      <NumberInput source="validityMonths" validate={required()} />
      <NumberInput source="cpdCreditsPerCycle" validate={required()} />
      <BooleanInput source="canSupervise" />
      <BooleanInput source="fourEyesApproval" label="Approval by two different people" />
      <BooleanInput source="active" />
      <SelectInput
        source="requirements.minQualificationLevel"
        label="Minimum qualification"
        choices={LEVELS}
        emptyText="none"
        parse={(v: string) => v || null}
      />
      <BooleanInput source="requirements.accreditedProgramme" label="Degree from an accredited programme" />
      <BooleanInput
        source="requirements.foreignQualificationAccepted"
        label="Recognised foreign qualification accepted"
      />
      <NumberInput source="requirements.supervisedHours" label="Supervised hours" />
      <NumberInput source="requirements.supervisedPeriodMonths" label="…within months" />
      <BooleanInput source="requirements.examRequired" label="Exam required" />
      <TextInput source="requirements.previousTier" label="Previous tier (code)" parse={(v: string) => v || null} />
      <NumberInput source="requirements.monthsAtPreviousTier" label="Months at the previous tier" />
      <BooleanInput source="requirements.ethicsDeclaration" label="Code of ethics declaration" />
      <BooleanInput source="requirements.fitnessDeclaration" label="Fitness to practise declaration" />
    </SimpleForm>
  </Edit>
);
