// The admin API's /tasks over a test Nova: creating, changing (If-Match), completing and commenting,
// pages that stay stable while tasks are added, and a broker who reads his team's tasks only. Ids of
// another office are not linked to a task.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi, type TestMember, type TestOffice } from '../support/api.ts';

let t: TestApi;
let office: TestOffice;
let other: TestOffice;
let saad: TestMember;
let outsider: TestMember;

type Json = Record<string, unknown> & { items?: Array<Record<string, unknown>> };
const json = async (r: Response) => (await r.json()) as Json;
const create = (as: TestMember, body: Record<string, unknown>) =>
  t.call('POST', '/api/v1/tasks', body, { token: as.token });

beforeAll(async () => {
  t = await startTestApi();
  office = await t.office('tasks-api');
  other = await t.office('tasks-api-other');
  saad = await t.member(office.id, 'broker', 'سعد');
  outsider = await t.member(office.id, 'broker', 'خالد');
});
afterAll(async () => {
  await t?.close();
});

describe('/api/v1/tasks', () => {
  let taskId: string;

  it('creates a task, changes it with the ETag it was read with, and refuses a stale one (412)', async () => {
    const created = await create(saad, { title: 'جهز العقد', dueAt: '2026-11-24T10:00:00+03:00', priority: 'low' });
    expect(created.status).toBe(201);
    const task = await json(created);
    taskId = task.id as string;
    expect(task).toMatchObject({
      title: 'جهز العقد',
      status: 'todo',
      assignee: { id: saad.id, name: 'سعد' },
      comments: 0,
    });
    const etag = created.headers.get('etag')!;

    const changed = await t.call(
      'PATCH',
      `/api/v1/tasks/${taskId}`,
      { priority: 'urgent', status: 'in_progress' },
      { token: saad.token, headers: { 'if-match': etag } },
    );
    expect(changed.status).toBe(200);
    expect(await json(changed)).toMatchObject({ priority: 'urgent', status: 'in_progress' });
    const stale = await t.call(
      'PATCH',
      `/api/v1/tasks/${taskId}`,
      { title: 'عنوان آخر' },
      { token: saad.token, headers: { 'if-match': etag } },
    );
    expect(stale.status).toBe(412);
    expect((await t.db.task.findUniqueOrThrow({ where: { id: taskId } })).title).toBe('جهز العقد');
  });

  it('keeps comments in order and counts them on the task', async () => {
    for (const body of ['اتصلت وما رد', 'رد وبيجي بكرة']) {
      const added = await t.call('POST', `/api/v1/tasks/${taskId}/comments`, { body }, { token: saad.token });
      expect(added.status).toBe(201);
      expect(await json(added)).toMatchObject({ body, author: { id: saad.id, name: 'سعد' } });
    }
    const page = await json(await t.call('GET', `/api/v1/tasks/${taskId}/comments`, undefined, { token: saad.token }));
    expect(page.items!.map((c) => c.body)).toEqual(['اتصلت وما رد', 'رد وبيجي بكرة']);
    const task = await json(await t.call('GET', `/api/v1/tasks/${taskId}`, undefined, { token: saad.token }));
    expect(task.comments).toBe(2);
  });

  it('completes a task, and then only reopening it is a change (409 TASK.CLOSED otherwise)', async () => {
    const done = await t.call('POST', `/api/v1/tasks/${taskId}/complete`, undefined, { token: saad.token });
    expect(done.status).toBe(200);
    expect(await json(done)).toMatchObject({ status: 'done' });
    const closed = await t.call('PATCH', `/api/v1/tasks/${taskId}`, { title: 'x' }, { token: saad.token });
    expect(closed.status).toBe(409);
    expect(await json(closed)).toMatchObject({ code: 'TASK.CLOSED' });
    const reopened = await t.call('PATCH', `/api/v1/tasks/${taskId}`, { status: 'todo' }, { token: saad.token });
    expect(await json(reopened)).toMatchObject({ status: 'todo', completedAt: null });
  });

  it("does not link another office's member or customer to a task (400), and stores nothing", async () => {
    const theirCustomer = await t.db.customer.create({ data: { organizationId: other.id, name: 'غريب' } });
    const before = await t.db.task.count();
    const withTheirs = await create(saad, { title: 'x', customerId: theirCustomer.id });
    expect(withTheirs.status).toBe(400);
    expect(await json(withTheirs)).toMatchObject({ code: 'TASK.INVALID_INPUT', details: { field: 'customerId' } });
    const toTheirOwner = await create(office.owner, { title: 'x', assigneeId: other.owner.id });
    expect(await json(toTheirOwner)).toMatchObject({ code: 'TASK.INVALID_INPUT', details: { field: 'assignedToId' } });
    expect(await t.db.task.count()).toBe(before);
  });

  it("lists a broker's tasks but not another broker's, whose task is not found", async () => {
    const theirs = await json(await create(outsider, { title: 'مهمة خالد' }));
    const mine = await json(await t.call('GET', '/api/v1/tasks?limit=100', undefined, { token: saad.token }));
    expect(mine.items!.map((x) => x.title)).not.toContain('مهمة خالد');
    expect((await t.call('GET', `/api/v1/tasks/${theirs.id}`, undefined, { token: saad.token })).status).toBe(404);
    const all = await json(await t.call('GET', '/api/v1/tasks?limit=100', undefined, { token: office.owner.token }));
    expect(all.items!.map((x) => x.title)).toContain('مهمة خالد');
  });

  it('filters by due time: a task with a day only counts from that day', async () => {
    await create(outsider, { title: 'يوم فقط', dueDate: '2026-11-25' });
    await create(outsider, { title: 'بوقت', dueAt: '2026-11-26T10:00:00+03:00' });
    const range = 'dueFrom=2026-11-25T00:00:00Z&dueTo=2026-11-26T00:00:00Z';
    const day = await json(await t.call('GET', `/api/v1/tasks?${range}`, undefined, { token: outsider.token }));
    expect(day.items!.map((x) => x.title)).toEqual(['يوم فقط']);
    expect(day.items![0]).toMatchObject({ dueDate: '2026-11-25', dueAt: null });
  });

  it('pages newest first without repeating or skipping while tasks are added', async () => {
    for (let i = 0; i < 5; i++) await create(saad, { title: `مهمة ${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    let added = 0;
    do {
      const url: string = `/api/v1/tasks?limit=2&assignee=${saad.id}${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await json(await t.call('GET', url, undefined, { token: saad.token }));
      seen.push(...page.items!.map((x) => x.id as string));
      cursor = page.nextCursor as string | null;
      // a task added meanwhile is newer than every page's position: it never shows up in later pages
      if (added++ < 2) await create(saad, { title: `جديدة ${added}` });
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(6);
    const q = await json(
      await t.call('GET', '/api/v1/tasks?q=%D9%85%D9%87%D9%85%D8%A9%203', undefined, { token: saad.token }),
    );
    expect(q.items!.map((x) => x.title)).toEqual(['مهمة 3']);
  });
});
