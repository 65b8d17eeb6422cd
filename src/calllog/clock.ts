const pad = (n: number) => String(n).padStart(2, '0');

/** `HH:MM:SS` for a number of seconds (a time of day, or a span of under 100 hours). */
export function clock(seconds: number): string {
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}
