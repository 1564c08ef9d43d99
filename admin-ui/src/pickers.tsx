/**
 * Pickers that find a person the way people know them, by name or licence number, instead of asking
 * for an identifier: a licence holder from the public register (a supervisor, say), and a registrant
 * from the staff register. Both search as one types (from three letters), a little after typing stops.
 */
import { useEffect, useRef, useState } from 'react';
import { Autocomplete, TextField } from '@mui/material';
import { useTranslate } from 'react-admin';
import { answer, registry } from './api';

type Option = { id: string; label: string; detail: string };

/** Answers for what was typed, fetched once typing pauses; stale answers are dropped. */
function useSearch(input: string, search: (q: string) => Promise<Option[]>): { options: Option[]; loading: boolean } {
  const [state, setState] = useState<{ q: string; options: Option[] }>({ q: '', options: [] });
  const q = input.trim();
  const latest = useRef(search);
  useEffect(() => {
    latest.current = search;
  });
  useEffect(() => {
    if (q.length < 3) return;
    let live = true;
    const timer = setTimeout(() => {
      latest.current(q).then(
        (options) => live && setState({ q, options }),
        () => live && setState({ q, options: [] }),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);
  return { options: q.length < 3 ? [] : state.options, loading: q.length >= 3 && state.q !== q };
}

function Picker({
  label,
  helper,
  search,
  onPick,
  width = 320,
}: {
  label: string;
  helper: string;
  search: (q: string) => Promise<Option[]>;
  onPick: (option: Option | null) => void;
  width?: number;
}) {
  const t = useTranslate();
  const [input, setInput] = useState('');
  const [value, setValue] = useState<Option | null>(null);
  const { options, loading } = useSearch(input, search);
  return (
    <Autocomplete
      size="small"
      sx={{ width: '100%', maxWidth: width }}
      options={options}
      value={value}
      loading={loading}
      filterOptions={(x) => x}
      getOptionLabel={(o) => `${o.label} · ${o.detail}`}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      noOptionsText={t(input.trim().length < 3 ? 'swr.pickers.typeMore' : 'swr.pickers.nobody')}
      loadingText={t('ra.page.loading')}
      onInputChange={(_, v) => setInput(v)}
      onChange={(_, v) => {
        setValue(v);
        onPick(v);
      }}
      renderInput={(params) => <TextField {...params} label={label} helperText={helper} />}
    />
  );
}

/** A licence holder on the public register, found by name or licence number; picks the licence number. */
export function LicencePicker({ label, onPick }: { label: string; onPick: (licenceNumber: string) => void }) {
  const t = useTranslate();
  const search = async (q: string): Promise<Option[]> => {
    const asNumber = /\d/.test(q)
      ? await answer(registry.GET('/api/v1/public/licences/{number}', { params: { path: { number: q } } })).then(
          (l) => [l],
          () => [],
        )
      : [];
    const byName = /\p{L}{3}/u.test(q)
      ? (await answer(registry.GET('/api/v1/public/licences', { params: { query: { q } } }))).items
      : [];
    return [...asNumber, ...byName].map((l) => ({
      id: l.number,
      label: l.nameNative && l.nameNative !== l.name ? `${l.name} (${l.nameNative})` : l.name,
      detail: `${l.number} · ${t(`swr.codes.licenceStatus.${l.status}`, { _: l.status })}`,
    }));
  };
  return (
    <Picker label={label} helper={t('swr.pickers.licenceHelp')} search={search} onPick={(o) => onPick(o?.id ?? '')} />
  );
}

/** A registrant found by name or licence number (staff); picks the registrant's id, never shown. */
export function RegistrantPicker({ label, onPick }: { label: string; onPick: (registrantId: string) => void }) {
  const t = useTranslate();
  const search = async (q: string): Promise<Option[]> => {
    const r = await answer(registry.GET('/api/v1/registrants', { params: { query: { q, perPage: 20 } } }));
    return r.items.map((x) => ({
      id: x.id,
      label: x.fullNameNative && x.fullNameNative !== x.fullName ? `${x.fullName} (${x.fullNameNative})` : x.fullName,
      detail: x.nationalIdMasked,
    }));
  };
  return (
    <Picker
      label={label}
      helper={t('swr.pickers.registrantHelp')}
      search={search}
      onPick={(o) => onPick(o?.id ?? '')}
      width={360}
    />
  );
}
