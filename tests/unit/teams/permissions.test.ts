// The permission matrix (core/teams/permissions.ts), the guard over a scope (core/teams/authorize.ts)
// and the privacy of contacts' phones (core/teams/privacy.ts): pure, no database.
import { describe, expect, it } from 'vitest';
import { contactScope, memberScope, type Scope, systemScope } from '../../../core/shared/scope.ts';
import {
  authorize,
  ForbiddenError,
  isForbidden,
  may,
  narrowUsers,
  sees,
  visibleUsers,
} from '../../../core/teams/authorize.ts';
import {
  ACTIONS,
  can,
  MODULES,
  type PermissionAction,
  type PermissionModule,
  type PermissionRow,
  resolveMatrix,
  USER_ROLES,
  type UserRole,
  visibleUsersOf,
  WRITE_ACTIONS,
} from '../../../core/teams/permissions.ts';
import { maskPhone, maySeePhone, shownPhone } from '../../../core/teams/privacy.ts';

const WORK: PermissionModule[] = ['crm', 'properties', 'calendar', 'tasks'];

const row = (
  module: PermissionModule,
  allowed: boolean | Partial<Record<PermissionAction, boolean>>,
): PermissionRow => {
  const all = (action: PermissionAction) => (typeof allowed === 'boolean' ? allowed : (allowed[action] ?? false));
  return {
    module,
    canView: all('view'),
    canCreate: all('create'),
    canEdit: all('edit'),
    canDelete: all('delete'),
    canExport: all('export'),
    canPublish: all('publish'),
    canAssign: all('assign'),
    canViewAll: all('viewAll'),
  };
};

/** The actions a role may do in a module by default, in ACTIONS order. */
const allowedBy = (role: UserRole, module: PermissionModule, rows: PermissionRow[] = []) =>
  ACTIONS.filter((action) => can(role, rows, module, action));

describe('the matrix of each role, without permission rows', () => {
  it('the owner, an admin and a manager may everything, in every module', () => {
    for (const role of ['owner', 'admin', 'manager'] as const) {
      for (const module of MODULES) expect(allowedBy(role, module), `${role} ${module}`).toEqual([...ACTIONS]);
    }
  });

  it('a broker works (view, create, edit, publish, assign) but neither deletes, exports nor sees the office', () => {
    for (const module of WORK) {
      expect(allowedBy('broker', module), module).toEqual(['view', 'create', 'edit', 'publish', 'assign']);
    }
    expect(allowedBy('broker', 'analytics')).toEqual(['view']);
    expect(allowedBy('broker', 'settings')).toEqual(['view']);
  });

  it('a team member views, creates and edits; never deletes, assigns or publishes', () => {
    for (const module of WORK) expect(allowedBy('team_member', module), module).toEqual(['view', 'create', 'edit']);
    expect(allowedBy('team_member', 'analytics')).toEqual(['view']);
    expect(allowedBy('team_member', 'settings')).toEqual(['view']);
  });

  it('an observer only views', () => {
    for (const module of MODULES) expect(allowedBy('observer', module), module).toEqual(['view']);
  });

  it('resolveMatrix gives the same answers as can()', () => {
    for (const role of USER_ROLES) {
      const matrix = resolveMatrix(role, [row('crm', { view: true, delete: true })]);
      for (const module of MODULES) {
        for (const action of ACTIONS) {
          expect(matrix[module][action]).toBe(can(role, [row('crm', { view: true, delete: true })], module, action));
        }
      }
    }
  });
});

describe('permission rows', () => {
  it('override the role defaults of their module only', () => {
    const rows = [row('crm', { view: true, create: true, edit: true, delete: true, export: true })];
    expect(can('broker', rows, 'crm', 'delete')).toBe(true);
    expect(can('broker', rows, 'crm', 'export')).toBe(true);
    // the row grants no publish or assign, so the broker loses them in crm
    expect(can('broker', rows, 'crm', 'assign')).toBe(false);
    // other modules keep the defaults
    expect(can('broker', rows, 'properties', 'delete')).toBe(false);
    expect(can('broker', rows, 'properties', 'publish')).toBe(true);
  });

  it('restrict a manager: a row without viewAll keeps him to his team', () => {
    const rows = [row('crm', { view: true, create: true, edit: true })];
    expect(can('manager', rows, 'crm', 'viewAll')).toBe(false);
    expect(can('manager', rows, 'crm', 'delete')).toBe(false);
    expect(visibleUsersOf('manager', rows, 'u-1', ['u-2'])).toEqual(['u-1', 'u-2']);
    expect(visibleUsersOf('manager', [], 'u-1', ['u-2'])).toBe('all');
  });

  it('never restrict the owner or an admin', () => {
    for (const role of ['owner', 'admin'] as const) {
      for (const module of MODULES)
        expect(
          allowedBy(
            role,
            module,
            MODULES.map((m) => row(m, false)),
          ),
        ).toEqual([...ACTIONS]);
    }
  });

  it('never let an observer write, whatever they say; they may open reads (viewAll, export)', () => {
    const everything = MODULES.map((m) => row(m, true));
    for (const module of MODULES) {
      for (const action of WRITE_ACTIONS)
        expect(can('observer', everything, module, action), `${module}.${action}`).toBe(false);
      expect(can('observer', everything, module, 'viewAll')).toBe(true);
      expect(can('observer', everything, module, 'export')).toBe(true);
    }
  });

  it('never let a team member delete or assign, whatever they say', () => {
    const everything = MODULES.map((m) => row(m, true));
    for (const module of MODULES) {
      expect(can('team_member', everything, module, 'delete')).toBe(false);
      expect(can('team_member', everything, module, 'assign')).toBe(false);
      expect(can('team_member', everything, module, 'publish')).toBe(true);
    }
  });
});

describe('the guard over a scope', () => {
  const member = (role: UserRole, rows: PermissionRow[] = [], team: string[] = []) =>
    memberScope({
      organizationId: 'org',
      userId: 'u-me',
      role,
      permissions: rows,
      visibleUserIds: visibleUsersOf(role, rows, 'u-me', team),
      via: 'telegram',
    });

  it('memberScope carries the role, the rows, whom he sees and the channel', () => {
    const scope = member('broker', [], ['u-mate']);
    expect(scope).toMatchObject({
      role: 'broker',
      permissions: [],
      visibleUserIds: ['u-me', 'u-mate'],
      via: 'telegram',
    });
    // without visibleUserIds it is computed: himself, or the office for a manager
    expect(memberScope({ organizationId: 'org', userId: 'u-me', role: 'broker' }).visibleUserIds).toEqual(['u-me']);
    expect(memberScope({ organizationId: 'org', userId: 'u-me', role: 'manager' }).visibleUserIds).toBe('all');
  });

  it('authorize throws a ForbiddenError naming the module, action and command', () => {
    const observer = member('observer');
    expect(() => authorize(observer, 'crm', 'create', 'customer.create')).toThrow(ForbiddenError);
    try {
      authorize(observer, 'crm', 'create', 'customer.create');
    } catch (error) {
      expect(isForbidden(error)).toBe(true);
      expect(error).toMatchObject({
        code: 'AUTH.FORBIDDEN',
        module: 'crm',
        action: 'create',
        command: 'customer.create',
      });
    }
    expect(() => authorize(observer, 'crm', 'view')).not.toThrow();
    expect(() => authorize(member('team_member'), 'crm', 'delete')).toThrow(ForbiddenError);
    expect(() => authorize(member('broker'), 'crm', 'create')).not.toThrow();
  });

  it('lets contacts and Nova’s own work through (their own rules), and refuses a member scope without its user', () => {
    expect(may(contactScope('org'), 'crm', 'create')).toBe(true);
    expect(may(systemScope('org'), 'crm', 'delete')).toBe(true);
    expect(may({ organizationId: 'org', userId: 'u-broker' }, 'properties', 'create')).toBe(true);
    expect(may({ organizationId: 'org', role: 'manager' } as Scope, 'crm', 'view')).toBe(false);
  });

  it('narrows reads to the users the scope sees, whatever the caller asks', () => {
    const broker = member('broker', [], ['u-mate']);
    expect(visibleUsers(broker)).toEqual(['u-me', 'u-mate']);
    expect(narrowUsers(broker)).toEqual(['u-me', 'u-mate']);
    expect(narrowUsers(broker, 'all')).toEqual(['u-me', 'u-mate']);
    expect(narrowUsers(broker, ['u-mate', 'u-stranger'])).toEqual(['u-mate']);
    expect(narrowUsers(member('manager'), ['u-stranger'])).toEqual(['u-stranger']);
    expect(narrowUsers(contactScope('org'))).toBe('all');
    expect(sees(broker, 'u-mate')).toBe(true);
    expect(sees(broker, 'u-stranger')).toBe(false);
    // nobody's customer is the office's
    expect(sees(broker, null)).toBe(true);
    // a hand-built broker scope sees himself only
    expect(visibleUsers({ organizationId: 'org', userId: 'u-me', role: 'broker' })).toEqual(['u-me']);
  });
});

describe('contacts’ phones', () => {
  const scope = (role: UserRole, rows: PermissionRow[] = []): Scope =>
    memberScope({ organizationId: 'org', userId: 'u-me', role, permissions: rows });

  it('are masked as +9665•••••567', () => {
    expect(maskPhone('+966551234567')).toBe('+9665•••••567');
    expect(maskPhone('+97150123456')).toBe('+9715••••456');
    expect(maskPhone('12345')).toBe('•••••');
  });

  it('are shown to the customer’s broker and to whoever sees the office, masked for everyone else', () => {
    const phone = '+966551234567';
    expect(shownPhone(scope('broker'), phone, ['u-me'])).toBe(phone);
    expect(shownPhone(scope('broker'), phone, ['u-colleague'])).toBe('+9665•••••567');
    expect(shownPhone(scope('team_member'), phone, ['u-colleague', null])).toBe('+9665•••••567');
    expect(shownPhone(scope('manager'), phone, ['u-colleague'])).toBe(phone);
    expect(shownPhone(scope('owner'), phone, [])).toBe(phone);
    expect(shownPhone(scope('broker', [row('crm', { view: true, viewAll: true })]), phone, [])).toBe(phone);
    expect(shownPhone(scope('broker'), null, ['u-me'])).toBeNull();
  });

  it('are never shown to an observer, even one who sees the office', () => {
    const observer = scope('observer', [row('crm', { view: true, viewAll: true })]);
    expect(visibleUsers(observer)).toBe('all');
    expect(maySeePhone(observer, ['u-me'])).toBe(false);
  });

  it('are read as they are by contacts’ flows and Nova’s own work', () => {
    expect(maySeePhone(contactScope('org'), [])).toBe(true);
    expect(maySeePhone(systemScope('org'), [])).toBe(true);
  });
});
