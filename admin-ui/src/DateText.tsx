/**
 * A read-only date field for lists and show pages (react-admin's DateField formats with the browser's
 * locale): the day in the reader's language, in the council's time zone, optionally with the time.
 */
import { Typography } from '@mui/material';
import { useFieldValue, type FieldProps } from 'react-admin';
import { useFormatDate, useFormatDateTime } from './format';

export function DateText(props: FieldProps & { showTime?: boolean; emptyText?: string }) {
  const value = useFieldValue(props) as string | null | undefined;
  const formatDate = useFormatDate();
  const formatDateTime = useFormatDateTime();
  return (
    <Typography component="span" variant="body2" sx={{ whiteSpace: 'nowrap' }}>
      {value ? (props.showTime ? formatDateTime(value) : formatDate(value)) : (props.emptyText ?? '—')}
    </Typography>
  );
}
