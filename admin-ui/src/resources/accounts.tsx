import {
  BooleanField,
  CheckboxGroupInput,
  ChipField,
  Create,
  Datagrid,
  Edit,
  EmailField,
  List,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  ArrayField,
  SingleFieldList,
  required,
  email,
  SearchInput,
  FunctionField,
} from 'react-admin';
import { DateText } from '../DateText';

const ROLE_CHOICES = [
  'admin',
  'registrar',
  'reviewer',
  'auditor',
  'social_worker',
  'employer',
  'school_admin',
  'cpd_provider',
].map((id) => ({ id, name: id }));
const LOCALES = [
  { id: 'en', name: 'English' },
  { id: 'vi', name: 'Tiếng Việt' },
];

export const AccountList = () => (
  <List
    filters={[
      <SearchInput source="q" alwaysOn key="q" />,
      <SelectInput source="role" choices={ROLE_CHOICES} key="role" />,
      <SelectInput
        source="status"
        choices={[
          { id: 'active', name: 'active' },
          { id: 'disabled', name: 'disabled' },
        ]}
        key="status"
      />,
    ]}
    sort={{ field: 'email', order: 'ASC' }}
  >
    <Datagrid rowClick="edit" bulkActionButtons={false}>
      <EmailField source="email" />
      <TextField source="displayName" />
      <FunctionField source="roles" render={(r: { roles: string[] }) => r.roles.join(', ')} />
      <TextField source="status" />
      <BooleanField source="mfaEnabled" />
      <DateText source="createdAt" showTime />
    </Datagrid>
  </List>
);

export const AccountEdit = () => (
  <Edit mutationMode="pessimistic">
    <SimpleForm>
      <TextField source="email" />
      <TextInput source="displayName" validate={required()} />
      <CheckboxGroupInput source="roles" choices={ROLE_CHOICES} validate={required()} />
      <SelectInput
        source="status"
        choices={[
          { id: 'active', name: 'active' },
          { id: 'disabled', name: 'disabled' },
        ]}
      />
      <SelectInput source="locale" choices={LOCALES} />
    </SimpleForm>
  </Edit>
);

export const AccountCreate = () => (
  <Create redirect="list">
    <SimpleForm defaultValues={{ locale: 'en', roles: [] }}>
      <TextInput source="email" validate={[required(), email()]} type="email" />
      <TextInput source="displayName" validate={required()} />
      <CheckboxGroupInput source="roles" choices={ROLE_CHOICES} validate={required()} />
      <SelectInput source="locale" choices={LOCALES} />
    </SimpleForm>
  </Create>
);

export { ArrayField, SingleFieldList, ChipField };
