// /tasks: the tasks of the members the caller sees (and the office's unassigned ones), creating,
// changing and completing them, and their comments. Core decides who may (tasks.create, edit, assign;
// core/tasks) and moves a task's chat reminder with it.

import type { Core } from '../../../core/core.ts';
import { ok } from '../../../core/shared/result.ts';
import { isRepeat } from '../../../core/tasks/repeat.ts';
import { TASK_SORTS } from '../../../core/tasks/tasks.queries.ts';
import { authorize } from '../../../core/teams/authorize.ts';
import { answer, defineResource, failure, fromResult, operation } from '../kit.ts';
import { csv, IdParams, iso, isoOrNull, pageOf, pageQuery, sortQuery, Timestamp, z } from '../schemas.ts';

const STATUSES = ['todo', 'in_progress', 'review', 'done', 'cancelled'] as const;
const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;

type TaskRow = NonNullable<Awaited<ReturnType<Core['tasks']['details']>>>;
type CommentRow = Pick<
  NonNullable<Awaited<ReturnType<Core['tasks']['comments']>>>['items'][number],
  'id' | 'taskId' | 'body' | 'user' | 'createdAt'
>;

const Instant = z.iso.datetime({ offset: true }).openapi({ example: '2026-11-23T10:00:00+03:00' });
const LocalDate = z.iso.date().openapi({ example: '2026-11-23', description: 'a day, without a time' });
const Person = z.object({ id: z.uuid(), name: z.string() });

const Task = z
  .object({
    id: z.uuid(),
    title: z.string(),
    description: z.string().nullable(),
    type: z.string().openapi({ description: 'call, follow_up, viewing, paperwork, reminder, other' }),
    priority: z.enum(PRIORITIES),
    status: z.enum(STATUSES),
    dueAt: Timestamp.nullable().openapi({ description: 'an exact time, when one was given' }),
    dueDate: z.string().nullable().openapi({ description: 'a day (YYYY-MM-DD) without a time' }),
    repeat: z
      .enum(['daily', 'weekly', 'monthly'])
      .nullable()
      .openapi({ description: 'a repeating reminder (set in chat): dueAt is its next time' }),
    assignee: Person.nullable(),
    createdBy: Person.nullable(),
    customer: Person.nullable(),
    propertyId: z.uuid().nullable(),
    appointmentId: z.uuid().nullable(),
    comments: z.number().int().openapi({ description: 'how many comments' }),
    completedAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Task');

const toJson = (t: TaskRow) => ({
  id: t.id,
  title: t.title,
  description: t.description,
  type: t.type,
  priority: t.priority,
  status: t.status,
  dueAt: isoOrNull(t.dueAt),
  dueDate: t.dueDate ? iso(t.dueDate).slice(0, 10) : null,
  repeat: isRepeat(t.repeat) ? t.repeat : null,
  assignee: t.assignedTo,
  createdBy: t.createdBy,
  customer: t.customer,
  propertyId: t.propertyId,
  appointmentId: t.appointmentId,
  comments: t._count.comments,
  completedAt: isoOrNull(t.completedAt),
  createdAt: iso(t.createdAt),
  updatedAt: iso(t.updatedAt),
});

const Comment = z
  .object({ id: z.uuid(), taskId: z.uuid(), body: z.string(), author: Person.nullable(), createdAt: Timestamp })
  .openapi('TaskComment');

const commentJson = (c: CommentRow) => ({
  id: c.id,
  taskId: c.taskId,
  body: c.body,
  author: c.user,
  createdAt: iso(c.createdAt),
});

const ListQuery = z.object({
  ...pageQuery,
  sort: sortQuery(['createdAt', 'title'] as const, '-createdAt'),
  assignee: csv(z.uuid()).optional().openapi({ description: "assignees' member ids, comma-separated" }),
  status: csv(z.enum(STATUSES)).optional().openapi({ description: 'comma-separated; default: every status' }),
  priority: csv(z.enum(PRIORITIES)).optional().openapi({ description: 'comma-separated' }),
  customerId: z.uuid().optional(),
  propertyId: z.uuid().optional(),
  dueFrom: Instant.optional().openapi({ description: 'due at or after (a day counts from its midnight UTC)' }),
  dueTo: Instant.optional().openapi({ description: 'due before' }),
  q: z.string().trim().min(1).max(100).optional().openapi({ description: 'part of the title' }),
});

const NewTask = z
  .object({
    title: z.string().trim().min(1).max(300).openapi({ example: 'اتصل بأبو عبدالله' }),
    description: z.string().trim().max(4000).optional(),
    type: z.enum(['call', 'follow_up', 'viewing', 'paperwork', 'reminder', 'other']).optional(),
    priority: z.enum(PRIORITIES).optional(),
    dueAt: Instant.optional(),
    dueDate: LocalDate.optional(),
    assigneeId: z.uuid().optional().openapi({ description: 'default: you; someone else takes tasks.assign' }),
    customerId: z.uuid().optional(),
    propertyId: z.uuid().optional(),
    appointmentId: z.uuid().optional(),
  })
  .openapi('NewTask');

const TaskPatch = z
  .object({
    title: z.string().trim().min(1).max(300).optional(),
    description: z.string().trim().max(4000).nullable().optional(),
    priority: z.enum(PRIORITIES).optional(),
    status: z
      .enum(['todo', 'in_progress', 'review', 'cancelled'])
      .optional()
      .openapi({ description: 'done: POST /tasks/{id}/complete' }),
    dueAt: Instant.nullable().optional(),
    dueDate: LocalDate.nullable().optional(),
    assigneeId: z.uuid().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' })
  .openapi('TaskPatch');

const NewComment = z
  .object({ body: z.string().trim().min(1).max(4000).openapi({ example: 'اتصلت وما رد' }) })
  .openapi('NewTaskComment');

const CommentsQuery = z.object({ ...pageQuery, sort: sortQuery(['createdAt'] as const, 'createdAt') });
const COMMENT_SORTS = { createdAt: { column: 'created_at', kind: 'timestamp' } } as const;

/** The task as it is after a write of this transaction (the scope sees it: it just wrote it). */
async function reread(core: Core, scope: Parameters<Core['tasks']['details']>[0], id: string) {
  const task = await core.tasks.details(scope, id);
  if (!task) throw new Error('a task just written is not found');
  return ok(task);
}

export const tasksResource = defineResource(
  'tasks',
  "Tasks of the office: yours and your teams' (the whole office for managers), and their comments.",
  [
    operation({
      operationId: 'listTasks',
      method: 'get',
      path: '/tasks',
      summary: 'List tasks',
      description: 'Newest first by default; every status unless filtered.',
      query: ListQuery,
      success: { status: 200, description: 'a page of tasks', schema: pageOf(Task, 'TaskPage') },
      handler: async ({ core, scope, query, pageRequest, pageAnswer }) => {
        const req = pageRequest(query, TASK_SORTS);
        const page = await core.tasks.page(
          scope,
          {
            assignedTo: query.assignee,
            status: query.status,
            priority: query.priority,
            customerId: query.customerId,
            propertyId: query.propertyId,
            dueFrom: query.dueFrom ? new Date(query.dueFrom) : undefined,
            dueTo: query.dueTo ? new Date(query.dueTo) : undefined,
            q: query.q,
          },
          req,
        );
        return pageAnswer(query, page, toJson);
      },
    }),
    operation({
      operationId: 'createTask',
      method: 'post',
      path: '/tasks',
      summary: 'Create a task',
      body: NewTask,
      success: { status: 201, description: 'the task', schema: Task },
      errors: ['TASK.INVALID_INPUT', 'TASK.IN_PAST'],
      handler: async ({ write, scope, body }) =>
        fromResult(
          await write(async (core) => {
            const created = await core.tasks.create(scope, {
              title: body.title,
              description: body.description,
              type: body.type,
              priority: body.priority,
              dueAt: body.dueAt ? new Date(body.dueAt) : undefined,
              dueDate: body.dueDate,
              assignedToId: body.assigneeId,
              customerId: body.customerId,
              propertyId: body.propertyId,
              appointmentId: body.appointmentId,
            });
            return created.ok ? reread(core, scope, created.value.id) : created;
          }),
          toJson,
          { version: (t) => t },
        ),
    }),
    operation({
      operationId: 'getTask',
      method: 'get',
      path: '/tasks/{id}',
      summary: 'Get a task',
      params: IdParams,
      success: { status: 200, description: 'the task', schema: Task },
      errors: ['TASK.NOT_FOUND'],
      handler: async ({ core, scope, params }) => {
        const found = await core.tasks.details(scope, params.id);
        return found ? answer(toJson(found), { version: found }) : failure('TASK.NOT_FOUND');
      },
    }),
    operation({
      operationId: 'updateTask',
      method: 'patch',
      path: '/tasks/{id}',
      summary: 'Change a task',
      description:
        'Only the fields sent change (null clears). A done task only reopens (status). Send the ETag you read ' +
        'as If-Match to refuse the change (412) if someone changed the task since.',
      params: IdParams,
      body: TaskPatch,
      ifMatch: true,
      success: { status: 200, description: 'the task', schema: Task },
      errors: ['TASK.NOT_FOUND', 'TASK.INVALID_INPUT', 'TASK.IN_PAST', 'TASK.CLOSED'],
      handler: async ({ write, scope, params, body, ifMatch }) =>
        fromResult(
          await write(async (core) => {
            // refused before anything is read, as core would (an observer: 403, not 404)
            authorize(scope, 'tasks', 'edit', 'task.update');
            const current = await core.tasks.details(scope, params.id);
            if (!current) return { ok: false, error: { code: 'TASK.NOT_FOUND' } } as const;
            ifMatch(current);
            const changed = await core.tasks.update(scope, params.id, {
              title: body.title,
              description: body.description,
              priority: body.priority,
              status: body.status,
              dueAt: body.dueAt === undefined ? undefined : body.dueAt === null ? null : new Date(body.dueAt),
              dueDate: body.dueDate,
              assignedToId: body.assigneeId,
            });
            return changed.ok ? reread(core, scope, params.id) : changed;
          }),
          toJson,
          { version: (t) => t },
        ),
    }),
    operation({
      operationId: 'completeTask',
      method: 'post',
      path: '/tasks/{id}/complete',
      summary: 'Complete a task',
      description:
        'Marks it done and drops its pending reminder; completing it again changes nothing. A repeating reminder (set in chat, «كل يوم …») is done for this time: it stays open and its next reminder stays armed (cancel it with PATCH status=cancelled to stop it).',
      params: IdParams,
      success: { status: 200, description: 'the task', schema: Task },
      errors: ['TASK.NOT_FOUND'],
      handler: async ({ write, scope, params }) =>
        fromResult(
          await write(async (core) => {
            const done = await core.tasks.complete(scope, params.id);
            return done.ok ? reread(core, scope, params.id) : done;
          }),
          toJson,
          { version: (t) => t },
        ),
    }),
    operation({
      operationId: 'listTaskComments',
      method: 'get',
      path: '/tasks/{id}/comments',
      summary: "A task's comments",
      description: 'Oldest first by default.',
      params: IdParams,
      query: CommentsQuery,
      success: { status: 200, description: 'a page of comments', schema: pageOf(Comment, 'TaskCommentPage') },
      errors: ['TASK.NOT_FOUND'],
      handler: async ({ core, scope, params, query, pageRequest, pageAnswer }) => {
        const req = pageRequest(query, COMMENT_SORTS);
        const page = await core.tasks.comments(scope, params.id, req);
        return page ? pageAnswer(query, page, commentJson) : failure('TASK.NOT_FOUND');
      },
    }),
    operation({
      operationId: 'addTaskComment',
      method: 'post',
      path: '/tasks/{id}/comments',
      summary: 'Comment on a task',
      params: IdParams,
      body: NewComment,
      success: { status: 201, description: 'the comment', schema: Comment },
      errors: ['TASK.NOT_FOUND', 'TASK.INVALID_INPUT'],
      handler: async ({ write, scope, params, body }) =>
        fromResult(await write((core) => core.tasks.addComment(scope, params.id, body.body)), commentJson),
    }),
  ],
);
