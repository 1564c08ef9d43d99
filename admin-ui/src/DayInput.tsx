/**
 * Date entry that reads and shows day-month-year (03/12/2026; Thai 03/12/2569 when the council counts
 * Buddhist-era years) whatever the browser's own locale, and hands the form an ISO day (2026-12-03).
 * The browser's <input type="date"> follows the browser's locale, which is often US month-first.
 */
import { useState } from 'react';
import { TextField, type TextFieldProps } from '@mui/material';
import { useInput, useResourceContext, useTranslate, type InputProps } from 'react-admin';
import { useIntlLocale } from './format';

const pad = (n: number) => String(n).padStart(2, '0');

function yearOffset(locale: string): number {
  return /-u-ca-buddhist/.test(locale) ? 543 : 0;
}

/** '2026-12-03' → '03/12/2026' (or '03/12/2569' in the Buddhist era). */
export function showDay(iso: string | null | undefined, locale: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  return m ? `${m[3]}/${m[2]}/${Number(m[1]) + yearOffset(locale)}` : '';
}

/**
 * '3/12/2026', '03.12.2026', '3-12-2026' → '2026-12-03', and an ISO day typed or pasted as it is
 * ('2026-12-03', year first, so never ambiguous); null when it is not a real day.
 */
export function readDay(text: string, locale: string): string | null {
  const iso = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(text);
  const m = iso ? [iso[0], iso[3], iso[2], iso[1]] : /^\s*(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3]) - (iso ? 0 : yearOffset(locale))];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

type DayTextFieldProps = Omit<TextFieldProps, 'value' | 'onChange' | 'type'> & {
  value: string | null | undefined;
  onChange: (iso: string) => void;
};

/** A controlled day field for screens outside react-admin forms: value and onChange carry ISO days. */
export function DayTextField({ value, onChange, helperText, error, ...rest }: DayTextFieldProps) {
  const translate = useTranslate();
  const locale = useIntlLocale();
  const [text, setText] = useState(showDay(value, locale));
  const [shown, setShown] = useState(value);
  const [bad, setBad] = useState(false);
  if (shown !== value) {
    // The value changed from outside (a reset, a loaded record): show it, unless it is what is typed.
    setShown(value);
    if (readDay(text, locale) !== (value || null)) setText(showDay(value, locale));
  }
  return (
    <TextField
      {...rest}
      value={text}
      placeholder={translate('swr.dateInput.placeholder')}
      slotProps={{ htmlInput: { inputMode: 'numeric' } }}
      error={bad || error}
      helperText={bad ? translate('swr.dateInput.invalid') : (helperText ?? translate('swr.dateInput.help'))}
      onChange={(e) => {
        setText(e.target.value);
        const iso = readDay(e.target.value, locale);
        setBad(false);
        if (iso) onChange(iso);
        else if (e.target.value.trim() === '') onChange('');
      }}
      onBlur={() => setBad(text.trim() !== '' && readDay(text, locale) === null)}
    />
  );
}

/** The react-admin form input: `<DayInput source="validFrom" validate={required()} />`. */
export function DayInput(props: InputProps & { fullWidth?: boolean }) {
  const translate = useTranslate();
  const resource = useResourceContext(props);
  const { field, fieldState, isRequired } = useInput(props);
  const label =
    props.label === false
      ? undefined
      : translate(String(props.label ?? `resources.${resource}.fields.${props.source}`), { _: props.source });
  return (
    <DayTextField
      value={field.value}
      onChange={(iso) => field.onChange(iso || null)}
      label={label}
      required={isRequired}
      name={field.name}
      fullWidth={props.fullWidth}
      size="small"
      margin="dense"
      error={fieldState.invalid}
      helperText={
        fieldState.error?.message ? translate(fieldState.error.message, { _: fieldState.error.message }) : undefined
      }
    />
  );
}
