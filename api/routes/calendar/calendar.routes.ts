// iCalendar over HTTP, mounted at /calendar:
//   GET /calendar/<token>.ics                                 a broker's feed (Google/Apple calendars subscribe)
//   GET /calendar/event/<id>/<client|broker>/<signature>.ics  one viewing (the file sent with a confirmation)
// The token (users.calendar_feed_token) and the signature are the only credentials: anything that does
// not match answers 404, the same as a path that does not exist, so that probing learns nothing.
import { Hono } from 'hono';
import type { CalendarReader } from '../../../core/scheduling/appointments.calendar.ts';
import { ICS_MIME_TYPE } from '../../../core/scheduling/ics.ts';
import { type Clock, systemClock } from '../../../core/shared/clock.ts';

export interface CalendarRoutesDeps {
  reader: CalendarReader;
  clock?: Clock;
}

const notFound = { error: 'not_found' } as const;

export function calendarRoutes(deps: CalendarRoutesDeps): Hono {
  const { reader } = deps;
  const clock = deps.clock ?? systemClock;
  const app = new Hono();
  const ics = (body: string, fileName: string) =>
    new Response(body, {
      status: 200,
      headers: {
        'content-type': `${ICS_MIME_TYPE}; charset=utf-8`,
        'content-disposition': `inline; filename="${fileName}"`,
        // Secrets are in the URL: keep copies out of shared caches.
        'cache-control': 'private, max-age=300',
        'x-robots-tag': 'noindex',
      },
    });

  app.get('/event/:id/:audience/:file', async (c) => {
    const file = c.req.param('file');
    if (!file.endsWith('.ics')) return c.json(notFound, 404);
    const lang = c.req.query('lang') === 'en' ? 'en' : 'ar';
    const body = await reader.event(c.req.param('id'), c.req.param('audience'), file.slice(0, -4), clock.now(), lang);
    return body ? ics(body, 'viewing.ics') : c.json(notFound, 404);
  });

  app.get('/:file', async (c) => {
    const file = c.req.param('file');
    if (!file.endsWith('.ics')) return c.json(notFound, 404);
    const body = await reader.feed(file.slice(0, -4), clock.now());
    return body ? ics(body, 'nova.ics') : c.json(notFound, 404);
  });

  return app;
}
