// Fixtures of the generated matrix (tests/e2e/api-matrix.test.ts) for the office's working resources:
// appointments, tasks, sales and commissions, members, teams and permissions, channel accounts,
// conversations and reports. api-fixtures.ts spreads `officeFixtures` into its table and pushes
// `officeSetup`, which creates office A's rows these operations name (a team with the broker in it,
// working hours, viewings, a task, a deal, a chat with its messages, a WhatsApp Web number).
import { randomUUID } from 'node:crypto';
import type { OperationFixture, World } from './api-fixtures.ts';
import { newCustomer, randomPhone } from './api-fixtures.ts';

// The test clock reads Sunday 2026-11-22 09:00 in Riyadh; the broker works 08:00–22:00 every day, and
// viewings last an hour. Stored viewings take the hours of Nov 23–25; the matrix books on Nov 29 and
// moves to Nov 30, so that nothing the setups made is in the way.
const BOOK_AT = '2026-11-29T10:00:00+03:00';
const MOVE_TO = '2026-11-30T11:00:00+03:00';
let hour = 0;

/** A scheduled viewing of office A's broker, at an hour no other fixture uses. */
async function newAppointment(w: World): Promise<string> {
  const n = hour++;
  const startsAt = new Date(Date.parse('2026-11-23T05:00:00Z') + (Math.floor(n / 12) * 24 + (n % 12)) * 3_600_000);
  const a = await w.api.db.appointment.create({
    data: {
      organizationId: w.a.id,
      userId: w.broker.id,
      customerId: w.ids.customer ?? null,
      title: 'معاينة المصفوفة',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3_600_000),
      durationMinutes: 60,
    },
  });
  return a.id;
}

/** An open task of office A, the broker's. */
async function newTask(w: World): Promise<string> {
  const t = await w.api.db.task.create({
    data: { organizationId: w.a.id, createdById: w.broker.id, assignedToId: w.broker.id, title: 'اتصل بالعميل' },
  });
  return t.id;
}

/** A member of office A in its team, with no work: removed by the matrix. */
async function newTeamMember(w: World, role: 'broker' | 'team_member' = 'broker'): Promise<string> {
  const u = await w.api.db.user.create({
    data: { organizationId: w.a.id, name: 'عضو المصفوفة', phone: randomPhone(), role },
  });
  await w.api.db.teamMember.create({
    data: { organizationId: w.a.id, teamId: w.ids.team!, userId: u.id, role: 'broker' },
  });
  return u.id;
}

export async function officeSetup(w: World): Promise<void> {
  const db = w.api.db;
  const a = w.a.id;
  w.ids.customer ??= await newCustomer(w, 'أبو سعد');
  // a team run by the manager, with the broker in it
  w.ids.team = (
    await db.team.create({ data: { organizationId: a, name: 'فريق المصفوفة', managerId: w.manager.id } })
  ).id;
  for (const [userId, role] of [
    [w.manager.id, 'manager'],
    [w.broker.id, 'broker'],
  ] as const) {
    await db.teamMember.create({ data: { organizationId: a, teamId: w.ids.team, userId, role } });
  }
  w.ids.permTarget = await newTeamMember(w, 'team_member');
  for (let weekday = 0; weekday <= 6; weekday++) {
    await db.workingHours.create({
      data: { organizationId: a, userId: w.broker.id, weekday, startTime: '08:00', endTime: '22:00' },
    });
  }
  w.ids.appointment = await newAppointment(w);
  w.ids.task = await newTask(w);
  await db.taskComment.create({ data: { organizationId: a, taskId: w.ids.task, userId: w.broker.id, body: 'تم' } });
  const sale = await db.sale.create({
    data: { organizationId: a, userId: w.broker.id, amount: 1_200_000, closedAt: new Date('2026-11-20T09:00:00Z') },
  });
  w.ids.sale = sale.id;
  await db.commission.create({
    data: { organizationId: a, saleId: sale.id, userId: w.broker.id, rate: 2.5, amount: 30_000 },
  });
  // the office's web chat account, and a WhatsApp Web number waiting for its QR code
  const web = await db.channelAccount.findFirstOrThrow({ where: { organizationId: a, kind: 'web' } });
  w.ids.channelAccount = web.id;
  w.ids.whatsappWeb = (
    await db.channelAccount.create({
      data: {
        organizationId: a,
        kind: 'whatsapp_web',
        externalId: `matrix-${randomUUID().slice(0, 8)}`,
        connectionState: 'waiting_for_qr',
        config: { managed: true },
      },
    })
  ).id;
  // a client's chat on the web account: one message in, one reply out
  const phone = randomPhone();
  const contact = await db.contact.create({
    data: {
      organizationId: a,
      channelAccountId: web.id,
      externalId: phone,
      phone,
      role: 'client',
      customerId: w.ids.customer,
    },
  });
  w.ids.contact = contact.id;
  await db.inboundMessage.create({
    data: {
      organizationId: a,
      channelAccountId: web.id,
      externalId: `matrix-${randomUUID()}`,
      chatId: phone,
      payload: { kind: 'text', text: 'أبي أشوف الفيلا', sender: { externalId: phone, phone } },
      status: 'processed',
    },
  });
  await db.outboundMessage.create({
    data: {
      organizationId: a,
      channelAccountId: web.id,
      contactId: contact.id,
      chatId: phone,
      idempotencyKey: `matrix-${randomUUID()}`,
      payload: { text: 'أبشر، متى يناسبك؟' },
      status: 'sent',
    },
  });
}

export const officeFixtures: Record<string, OperationFixture> = {
  // appointments
  listAppointments: { query: (w) => ({ broker: w.broker.id, status: 'scheduled,confirmed', limit: '10' }) },
  listSlots: {
    query: (w) => ({ broker: w.broker.id, from: '2026-11-23T00:00:00+03:00', to: '2026-11-24T00:00:00+03:00' }),
  },
  getAppointment: { params: (w) => ({ id: w.ids.appointment! }) },
  bookAppointment: {
    body: (w) => ({ brokerId: w.broker.id, startsAt: BOOK_AT, title: 'معاينة فيلا', customerId: w.ids.customer }),
  },
  rescheduleAppointment: {
    params: async (w) => ({ id: await newAppointment(w) }),
    body: () => ({ startsAt: MOVE_TO }),
  },
  cancelAppointment: { params: async (w) => ({ id: await newAppointment(w) }), body: () => ({ reason: 'ظرف طارئ' }) },
  completeAppointment: {
    params: async (w) => ({ id: await newAppointment(w) }),
    body: () => ({ outcome: 'completed', note: 'أعجبته' }),
  },
  // tasks
  listTasks: { query: (w) => ({ assignee: w.broker.id, status: 'todo', sort: 'title' }) },
  createTask: { body: (w) => ({ title: 'جهز العقد', assigneeId: w.broker.id, dueDate: '2026-11-24' }) },
  getTask: { params: (w) => ({ id: w.ids.task! }) },
  updateTask: { params: (w) => ({ id: w.ids.task! }), body: () => ({ priority: 'high' }) },
  completeTask: { params: async (w) => ({ id: await newTask(w) }) },
  listTaskComments: { params: (w) => ({ id: w.ids.task! }) },
  addTaskComment: { params: (w) => ({ id: w.ids.task! }), body: () => ({ body: 'اتصلت وما رد' }) },
  // sales and commissions
  listSales: { query: (w) => ({ broker: w.broker.id, dealType: 'sale' }) },
  recordSale: { body: () => ({ amount: 950_000, dealType: 'sale', notes: 'صفقة المصفوفة' }) },
  getSale: { params: (w) => ({ id: w.ids.sale! }) },
  listSaleCommissions: { params: (w) => ({ id: w.ids.sale! }) },
  listCommissions: { query: (w) => ({ broker: w.broker.id, sort: '-amount' }) },
  // members, teams and permissions (owner and managers)
  listMembers: { query: () => ({ role: 'broker,manager', sort: 'name' }) },
  addMember: { body: () => ({ phone: randomPhone(), name: 'ريم', role: 'broker', team: 'فريق المصفوفة' }) },
  getMember: { params: (w) => ({ id: w.broker.id }) },
  removeMember: { params: async (w) => ({ id: await newTeamMember(w) }) },
  getMemberPermissions: { params: (w) => ({ id: w.ids.permTarget! }) },
  setMemberPermissions: {
    params: (w) => ({ id: w.ids.permTarget! }),
    body: () => ({
      rows: [
        {
          module: 'crm',
          canView: true,
          canCreate: true,
          canEdit: true,
          canDelete: false,
          canExport: false,
          canPublish: false,
          canAssign: false,
          canViewAll: false,
        },
      ],
    }),
  },
  listTeams: { query: () => ({ sort: 'name' }) },
  // channel accounts
  listChannelAccounts: { query: () => ({ kind: 'web,whatsapp_web' }) },
  getChannelAccount: { params: (w) => ({ id: w.ids.channelAccount! }) },
  getChannelPairing: { params: (w) => ({ id: w.ids.whatsappWeb! }) },
  // conversations
  listConversations: { query: () => ({ role: 'client' }) },
  getConversation: { params: (w) => ({ id: w.ids.contact! }) },
  listConversationMessages: { params: (w) => ({ id: w.ids.contact! }) },
  // reports
  getReportSummary: { query: () => ({ period: 'month', scope: 'office' }) },
};
