/** Shared formatting for the certificate layouts. */
const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** '2027-03-01' → '1 March 2027'. */
export const longDate = (isoDate: string): string => LONG_DATE.format(new Date(`${isoDate}T00:00:00Z`));

export const dateOf = (d: Date): string => d.toISOString().slice(0, 10);

export const COLOURS = { ink: '#1b2430', navy: '#1f3a5f', gold: '#b08d3c', muted: '#5b6573', band: '#eef2f7' } as const;
