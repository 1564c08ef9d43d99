import {
  BooleanField,
  BooleanInput,
  Datagrid,
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
  useLocaleState,
  useLocales,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { CpdCategory, JobRun, Tier } from '../records';
import { DateText } from '../DateText';

/** A name the council keeps per language, in the reader's (else English, else any). */
function useLocalised(): (v: Record<string, string> | undefined) => string {
  const [locale] = useLocaleState();
  return (v) => v?.[locale] ?? v?.en ?? Object.values(v ?? {})[0] ?? '';
}

function TierRequirements() {
  const r = useRecordContext<Tier>();
  const t = useTranslate();
  if (!r) return null;
  const q = r.requirements;
  return (
    <span>
      {[
        q.minQualificationLevel &&
          t('swr.reference.atLeast', { level: t(`swr.myRegistration.levels.${q.minQualificationLevel}`) }),
        q.accreditedProgramme && t('swr.reference.accreditedProgramme'),
        q.supervisedHours > 0 && t('swr.reference.hoursSupervised', { count: q.supervisedHours }),
        q.examRequired && t('swr.reference.exam'),
        q.monthsAtPreviousTier > 0 &&
          t('swr.reference.monthsAs', { count: q.monthsAtPreviousTier, tier: q.previousTier ?? '' }),
      ]
        .filter(Boolean)
        .join(', ')}
    </span>
  );
}

export const TierList = () => {
  const { permissions } = usePermissions<string[]>();
  const text = useLocalised();
  return (
    <List pagination={false} sort={{ field: 'rank', order: 'ASC' }}>
      <Datagrid bulkActionButtons={false} rowClick={permissions?.includes('admin') ? 'edit' : false}>
        <NumberField source="rank" />
        <TextField source="code" />
        <FunctionField<Tier> source="name" render={(r) => text(r.name)} />
        <FunctionField<Tier> source="protectedTitle" render={(r) => text(r.protectedTitle)} />
        <NumberField source="validityMonths" />
        <NumberField source="cpdCreditsPerCycle" />
        <BooleanField source="canSupervise" />
        <FunctionField<Tier> source="requirements" render={() => <TierRequirements />} />
      </Datagrid>
    </List>
  );
};

export const CpdCategoryList = () => {
  const text = useLocalised();
  return (
    <List pagination={false}>
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <TextField source="code" />
        <FunctionField<CpdCategory> source="name" render={(r) => text(r.name)} />
        <NumberField source="minCredits" />
        <NumberField source="maxCredits" emptyText="—" />
        <BooleanField source="structured" />
      </Datagrid>
    </List>
  );
};

export const JobRunList = () => (
  <List
    filters={[
      <TextInput source="job" key="job" />,
      <SelectInput
        source="outcome"
        key="o"
        choices={['running', 'succeeded', 'failed'].map((id) => ({ id, name: `swr.reference.outcomes.${id}` }))}
      />,
    ]}
    sort={{ field: 'startedAt', order: 'DESC' }}
  >
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <TextField source="job" />
      <DateText source="slot" showTime />
      <DateText source="startedAt" showTime />
      <DateText source="finishedAt" showTime emptyText="—" />
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

const LEVELS = ['certificate', 'diploma', 'bachelor', 'master', 'doctorate'].map((id) => ({
  id,
  name: `swr.myRegistration.levels.${id}`,
}));

/** One input per language the council offers, for a name it keeps per language (English required). */
function PerLanguage({ source, labelKey }: { source: string; labelKey: string }) {
  const t = useTranslate();
  const languages = useLocales();
  return (
    <>
      {languages.map((l) => (
        <TextInput
          key={l.locale}
          source={`${source}.${l.locale}`}
          label={t(labelKey, { language: l.name })}
          validate={l.locale === 'en' ? required() : undefined}
        />
      ))}
    </>
  );
}

/** The ladder configuration: names, title, validity, CPD and every requirement of a tier. */
export const TierEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list">
    <SimpleForm>
      <TextField source="code" />
      <PerLanguage source="name" labelKey="swr.reference.nameIn" />
      <PerLanguage source="protectedTitle" labelKey="swr.reference.titleIn" />
      <NumberInput source="rank" validate={required()} />
      <NumberInput source="validityMonths" validate={required()} />
      <NumberInput source="cpdCreditsPerCycle" validate={required()} />
      <BooleanInput source="canSupervise" />
      <BooleanInput source="fourEyesApproval" label="swr.reference.fourEyes" />
      <BooleanInput source="active" />
      <SelectInput
        source="requirements.minQualificationLevel"
        label="swr.reference.minQualification"
        choices={LEVELS}
        emptyText="swr.reference.none"
        parse={(v: string) => v || null}
      />
      <BooleanInput source="requirements.accreditedProgramme" label="swr.reference.accreditedDegree" />
      <BooleanInput source="requirements.foreignQualificationAccepted" label="swr.reference.foreignAccepted" />
      <NumberInput source="requirements.supervisedHours" label="swr.reference.supervisedHours" />
      <NumberInput source="requirements.supervisedPeriodMonths" label="swr.reference.withinMonths" />
      <BooleanInput source="requirements.examRequired" label="swr.reference.examRequired" />
      <TextInput
        source="requirements.previousTier"
        label="swr.reference.previousTier"
        parse={(v: string) => v || null}
      />
      <NumberInput source="requirements.monthsAtPreviousTier" label="swr.reference.monthsAtPrevious" />
      <BooleanInput source="requirements.ethicsDeclaration" label="swr.reference.ethicsDeclaration" />
      <BooleanInput source="requirements.fitnessDeclaration" label="swr.reference.fitnessDeclaration" />
    </SimpleForm>
  </Edit>
);
