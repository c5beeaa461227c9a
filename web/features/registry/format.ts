/** Tag colours of a household's heating status. */
export const STATUS_COLOR = { heating: 'green', suspended: 'orange', disconnected: 'default' } as const;

/** Areas travel as integer hundredths of a m² (never floats); people read and type m². */
export const m2 = (cm2: number) => (cm2 / 100).toFixed(2);
export const cm2 = (m2Text: string) => Math.round(Number(m2Text) * 100);
export const AREA_PATTERN = /^\d+(\.\d{1,2})?$/;
