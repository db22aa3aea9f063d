// What happens to a removed member's work: it all goes to her successor in one transaction (customers,
// open tasks and requests, future viewings, pending follow-ups, listings, open offers, pending matches,
// and the reminders of what moved), so that nothing she handled is lost. Used by members.service.ts.
import type { DbTx } from '../db/client.ts';

export interface MovedWork {
  customers: number;
  tasks: number;
  requests: number;
  appointments: number;
  followups: number;
  properties: number;
  offers: number;
  matches: number;
  /** reminders of moved tasks and viewings now addressed to the successor's chat */
  reminders: number;
  /** reminders that could not follow (the successor never wrote to Nova): cancelled, their task or viewing kept */
  remindersDropped: number;
}

const OPEN_TASKS = ['todo', 'in_progress', 'review'] as const;
const OPEN_MARKET = ['draft', 'active', 'paused'] as const;
const LIVE_APPOINTMENTS = ['scheduled', 'confirmed'] as const;

/** Her future viewings that would overlap one of the successor's (the database refuses overlaps). */
export async function clashingAppointments(db: DbTx, organizationId: string, fromId: string, toId: string, now: Date) {
  const rows = await db.$queryRaw<Array<{ n: bigint }>>`
    SELECT count(*) AS n FROM appointments mine
    WHERE mine.organization_id = ${organizationId}::uuid AND mine.user_id = ${fromId}::uuid
      AND mine.starts_at >= ${now} AND mine.status IN ('scheduled', 'confirmed')
      AND EXISTS (
        SELECT 1 FROM appointments theirs
        WHERE theirs.user_id = ${toId}::uuid AND theirs.status <> 'cancelled'
          AND tstzrange(theirs.starts_at, theirs.ends_at, '[)') && tstzrange(mine.starts_at, mine.ends_at, '[)')
      )`;
  return Number(rows[0]?.n ?? 0);
}

export async function moveWork(
  tx: DbTx,
  organizationId: string,
  from: { id: string },
  to: { id: string; name: string; phone: string },
  now: Date,
): Promise<MovedWork> {
  const org = { organizationId };
  const customers = await tx.customer.updateMany({
    where: { ...org, OR: [{ assignedToId: from.id }, { assignedToId: null, createdById: from.id }] },
    data: { assignedToId: to.id },
  });
  const taskIds = (
    await tx.task.findMany({
      where: { ...org, assignedToId: from.id, status: { in: [...OPEN_TASKS] } },
      select: { id: true },
    })
  ).map((t) => t.id);
  await tx.task.updateMany({ where: { ...org, id: { in: taskIds } }, data: { assignedToId: to.id } });
  const requests = await tx.request.updateMany({
    where: { ...org, userId: from.id, status: { in: [...OPEN_MARKET] } },
    data: { userId: to.id },
  });
  const appointmentIds = (
    await tx.appointment.findMany({
      where: { ...org, userId: from.id, startsAt: { gte: now }, status: { in: [...LIVE_APPOINTMENTS] } },
      select: { id: true },
    })
  ).map((a) => a.id);
  await tx.appointment.updateMany({ where: { ...org, id: { in: appointmentIds } }, data: { userId: to.id } });
  const followups = await tx.customerFollowup.updateMany({
    where: { ...org, userId: from.id, status: 'pending' },
    data: { userId: to.id },
  });
  const properties = await tx.property.updateMany({
    where: { ...org, userId: from.id, status: { in: ['draft', 'active'] } },
    data: { userId: to.id },
  });
  const offers = await tx.offer.updateMany({
    where: { ...org, userId: from.id, status: { in: [...OPEN_MARKET] } },
    data: { userId: to.id },
  });
  // A pending match the successor already has for the same offer and request stays hers (and is moot).
  const matches = await tx.$executeRaw`
    UPDATE smart_matches m SET broker_id = ${to.id}::uuid, updated_at = now()
    WHERE m.organization_id = ${organizationId}::uuid AND m.broker_id = ${from.id}::uuid AND m.status = 'pending'
      AND NOT EXISTS (
        SELECT 1 FROM smart_matches o
        WHERE o.offer_id = m.offer_id AND o.request_id = m.request_id AND o.broker_id = ${to.id}::uuid
      )`;
  const { reminders, remindersDropped } = await moveReminders(tx, organizationId, from, to, taskIds, appointmentIds);
  return {
    customers: customers.count,
    tasks: taskIds.length,
    requests: requests.count,
    appointments: appointmentIds.length,
    followups: followups.count,
    properties: properties.count,
    offers: offers.count,
    matches,
    reminders,
    remindersDropped,
  };
}

/**
 * The pending reminders of the moved tasks and viewings: the broker's go to the successor's last chat
 * (cancelled when he has none yet); the client's keep their chat and now name the successor.
 */
async function moveReminders(
  tx: DbTx,
  organizationId: string,
  from: { id: string },
  to: { id: string; name: string; phone: string },
  taskIds: string[],
  appointmentIds: string[],
) {
  if (!taskIds.length && !appointmentIds.length) return { reminders: 0, remindersDropped: 0 };
  const chat = await tx.contact.findFirst({
    where: { organizationId, userId: to.id },
    orderBy: { lastInboundAt: { sort: 'desc', nulls: 'last' } },
    select: { id: true },
  });
  const rows = await tx.reminder.findMany({
    where: {
      organizationId,
      status: 'pending',
      OR: [{ taskId: { in: taskIds } }, { appointmentId: { in: appointmentIds } }],
    },
    select: { id: true, userId: true, payload: true, taskId: true },
  });
  let moved = 0;
  let dropped = 0;
  for (const row of rows) {
    const payload = (row.payload ?? {}) as Record<string, unknown>;
    const forClient = !row.taskId && payload.role === 'client';
    const named = row.taskId ? payload : { ...payload, brokerName: to.name, brokerPhone: to.phone };
    if (forClient) {
      await tx.reminder.update({ where: { id: row.id }, data: { userId: to.id, payload: named as object } });
      continue;
    }
    if (row.userId !== from.id && row.userId !== null) continue;
    if (chat) {
      await tx.reminder.update({
        where: { id: row.id },
        data: { userId: to.id, contactId: chat.id, payload: named as object },
      });
      moved++;
    } else {
      await tx.reminder.update({ where: { id: row.id }, data: { status: 'cancelled' } });
      dropped++;
    }
  }
  return { reminders: moved, remindersDropped: dropped };
}
