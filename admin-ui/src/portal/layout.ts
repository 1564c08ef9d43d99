/** A table column a phone-sized screen leaves out, so the table fits without scrolling sideways. */
export const NARROW_HIDDEN = { display: { xs: 'none', sm: 'table-cell' } } as const;
