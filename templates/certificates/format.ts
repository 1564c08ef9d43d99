/** Shared formatting for the certificate layouts. */
export const dateOf = (d: Date): string => d.toISOString().slice(0, 10);

export const COLOURS = { ink: '#1b2430', navy: '#1f3a5f', gold: '#b08d3c', muted: '#5b6573', band: '#eef2f7' } as const;
