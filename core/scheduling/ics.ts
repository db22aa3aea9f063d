/**
 * iCalendar (RFC 5545) text for viewings: one event (the .ics sent with a confirmation) or a whole feed
 * (the per-broker subscription URL that Google or Apple calendars poll). Pure: every instant, the
 * stamp included, comes from the caller.
 *
 * What the RFC asks and this does:
 * - lines end with CRLF, including the last one (3.1);
 * - content lines longer than 75 octets are folded: CRLF followed by one space, never inside a UTF-8
 *   sequence, so Arabic text stays valid (3.1);
 * - TEXT values escape backslash, semicolon, comma and newline (3.3.11); CR is dropped;
 * - times are UTC with a trailing Z (3.3.5, form #2), so no VTIMEZONE is needed;
 * - UID is stable per appointment (`<id>@nova`), SEQUENCE grows with each change so that a client that
 *   imported an older copy takes the newer one; a cancelled appointment keeps its UID with
 *   STATUS:CANCELLED, which makes subscribed calendars drop it.
 */

export interface IcsEvent {
  /** the appointment id; the UID becomes `<id>@nova` */
  id: string;
  start: Date;
  end: Date;
  /** when this copy was produced (DTSTAMP) */
  stamp: Date;
  summary: string;
  description?: string;
  location?: string;
  /** a link for the event (the maps URL of the property) */
  url?: string;
  geo?: { latitude: number; longitude: number };
  status: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  /** revision number; 0 for the first version */
  sequence?: number;
  created?: Date;
  lastModified?: Date;
}

export interface IcsCalendarOptions {
  /** the calendar's display name in the subscriber's app (X-WR-CALNAME) */
  name?: string;
  /** how often subscribers should poll, in minutes (REFRESH-INTERVAL, X-PUBLISHED-TTL) */
  refreshMinutes?: number;
  prodId?: string;
}

export const ICS_MIME_TYPE = 'text/calendar';
const PROD_ID = '-//Nova//Viewings//AR';
const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** `20261123T130000Z`: an instant in UTC, to the second. */
export function formatUtc(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('ics: invalid date');
  return instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** Escapes a TEXT value: `\` `;` `,` and line breaks. */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

const encoder = new TextEncoder();

/**
 * Folds one content line into pieces of at most 75 octets (continuations start with a space, which
 * counts towards their 75). Cuts fall between code points, never inside one.
 */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= MAX_OCTETS) return line;
  const pieces: string[] = [];
  let current = '';
  let octets = 0;
  let limit = MAX_OCTETS;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > limit) {
      pieces.push(current);
      current = '';
      octets = 0;
      limit = MAX_OCTETS - 1; // the leading space of a continuation line
    }
    current += char;
    octets += size;
  }
  pieces.push(current);
  return pieces.join(`${CRLF} `);
}

function eventLines(event: IcsEvent): string[] {
  if (!(event.end.getTime() > event.start.getTime())) throw new RangeError('ics: an event must end after it starts');
  const lines = [
    'BEGIN:VEVENT',
    `UID:${event.id}@nova`,
    `DTSTAMP:${formatUtc(event.stamp)}`,
    `DTSTART:${formatUtc(event.start)}`,
    `DTEND:${formatUtc(event.end)}`,
    `SEQUENCE:${Math.max(0, Math.floor(event.sequence ?? 0))}`,
    `STATUS:${event.status}`,
    `SUMMARY:${escapeText(event.summary)}`,
  ];
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  // URL is a URI value, not TEXT: it is not escaped (a comma in a maps query stays a comma).
  if (event.url) lines.push(`URL:${event.url.replace(/[\r\n]/g, '')}`);
  if (event.geo) lines.push(`GEO:${event.geo.latitude.toFixed(6)};${event.geo.longitude.toFixed(6)}`);
  if (event.created) lines.push(`CREATED:${formatUtc(event.created)}`);
  if (event.lastModified) lines.push(`LAST-MODIFIED:${formatUtc(event.lastModified)}`);
  if (event.status === 'CANCELLED') lines.push('TRANSP:TRANSPARENT');
  lines.push('END:VEVENT');
  return lines;
}

function calendar(header: string[], events: readonly IcsEvent[]): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    ...header,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...events.flatMap(eventLines),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** A calendar with one event: the file attached to a booking confirmation. */
export function renderEvent(event: IcsEvent, options: Pick<IcsCalendarOptions, 'prodId'> = {}): string {
  return calendar([`PRODID:${options.prodId ?? PROD_ID}`], [event]);
}

/** A subscription feed: every event of one calendar, with a name and a polling hint. */
export function renderCalendar(events: readonly IcsEvent[], options: IcsCalendarOptions = {}): string {
  const header = [`PRODID:${options.prodId ?? PROD_ID}`];
  if (options.name) header.push(`X-WR-CALNAME:${escapeText(options.name)}`);
  const refresh = options.refreshMinutes;
  if (refresh && refresh > 0) {
    header.push(
      `REFRESH-INTERVAL;VALUE=DURATION:PT${Math.floor(refresh)}M`,
      `X-PUBLISHED-TTL:PT${Math.floor(refresh)}M`,
    );
  }
  return calendar(header, events);
}
