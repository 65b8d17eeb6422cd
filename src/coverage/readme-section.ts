export const COVERAGE_START = '<!-- coverage:start -->';
export const COVERAGE_END = '<!-- coverage:end -->';

/**
 * The text between a start and an end marker (exclusive of both), for the staleness test.
 * Throws unless each marker occurs exactly once, start before end.
 */
export function sectionBetween(text: string, start = COVERAGE_START, end = COVERAGE_END): string {
  const [from, to] = markerOffsets(text, start, end);
  return text.slice(from + start.length, to);
}

/** The text with everything between the markers replaced by `content` (framed by blank lines). */
export function replaceSection(text: string, content: string, start = COVERAGE_START, end = COVERAGE_END): string {
  const [from, to] = markerOffsets(text, start, end);
  return `${text.slice(0, from + start.length)}\n\n${content.trim()}\n\n${text.slice(to)}`;
}

function markerOffsets(text: string, start: string, end: string): [number, number] {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1) throw new Error(`markers ${start} and ${end} must both be present`);
  if (text.indexOf(start, from + 1) !== -1 || text.indexOf(end, to + 1) !== -1) throw new Error(`markers ${start} and ${end} must each occur once`);
  if (to < from) throw new Error(`${end} comes before ${start}`);
  return [from, to];
}
