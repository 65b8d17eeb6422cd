const pad = (n: number) => String(n).padStart(2, '0');

/** `HH:MM:SS` for a number of seconds: a time of day, a span, or a time past midnight (24:30:00), the hours as many digits as they need. */
export function clock(seconds: number): string {
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}
