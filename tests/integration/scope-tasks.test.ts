// The tasks module never finds, lists or completes another organization's task.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInlineJobQueue } from '../../core/jobs/inline.queue.ts';
import { createRemindersService } from '../../core/notifications/reminders.service.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import { unwrap } from '../../core/shared/result.ts';
import type { Scope } from '../../core/shared/scope.ts';
import { createTasksQueries } from '../../core/tasks/tasks.queries.ts';
import { createTasksService } from '../../core/tasks/tasks.service.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let ours: Scope;
let theirs: Scope;
let taskId: string;
let service: ReturnType<typeof createTasksService>;
let queries: ReturnType<typeof createTasksQueries>;
const clock = new ManualClock('2026-11-21T10:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase();
  const org = await t.db.organization.create({ data: { name: 'a', slug: 'scope-task-a' } });
  const other = await t.db.organization.create({ data: { name: 'b', slug: 'scope-task-b' } });
  const user = await t.db.user.create({ data: { organizationId: org.id, phone: '+966500000001', name: 'a' } });
  const otherUser = await t.db.user.create({ data: { organizationId: other.id, phone: '+966500000002', name: 'b' } });
  ours = { organizationId: org.id, userId: user.id, role: 'broker' };
  theirs = { organizationId: other.id, userId: otherUser.id, role: 'owner' };
  const reminders = createRemindersService({ db: t.db, jobs: createInlineJobQueue({}, clock), clock });
  service = createTasksService({ db: t.db, clock, reminders });
  queries = createTasksQueries({ db: t.db, clock });
  taskId = unwrap(await service.create(ours, { title: 'اتصل بخالد', dueDate: '2026-11-22' })).id;
});
afterAll(async () => {
  await t?.drop();
});

describe('tasks of another organization', () => {
  it('are not found by id', async () => {
    expect((await queries.get(ours, taskId))?.title).toBe('اتصل بخالد');
    expect(await queries.get(theirs, taskId)).toBeNull();
  });

  it('are not listed, even to someone who sees every user', async () => {
    expect((await queries.list(ours, 'all')).map((x) => x.id)).toEqual([taskId]);
    expect(await queries.list(theirs, 'all')).toEqual([]);
    expect(await queries.list(theirs, [ours.userId!])).toEqual([]);
  });

  it('cannot be completed', async () => {
    const done = await service.complete(theirs, taskId);
    expect(!done.ok && done.error.code).toBe('TASK.NOT_FOUND');
    expect((await t.db.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('todo');
    unwrap(await service.complete(ours, taskId));
    expect((await t.db.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('done');
  });
});
