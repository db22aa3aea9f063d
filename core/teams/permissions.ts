// The design documents' permission matrix: module × action, per team member. Pure: takes the member's
// role and his permission rows (or none). A row of a module overrides the role's defaults for that
// module, within two rules no row can lift: an observer never writes, and a team member never deletes or
// assigns. The owner and an admin may everything (rows never restrict them). docs/roles.md has the table.
export const MODULES = ['crm', 'properties', 'calendar', 'tasks', 'analytics', 'settings'] as const;
export const ACTIONS = ['view', 'create', 'edit', 'delete', 'export', 'publish', 'assign', 'viewAll'] as const;
export const USER_ROLES = ['owner', 'admin', 'manager', 'broker', 'team_member', 'observer'] as const;
export type PermissionModule = (typeof MODULES)[number];
export type PermissionAction = (typeof ACTIONS)[number];
export type UserRole = (typeof USER_ROLES)[number];

/** The actions that change something; the others (view, viewAll, export) only read. */
export const WRITE_ACTIONS: readonly PermissionAction[] = ['create', 'edit', 'delete', 'publish', 'assign'];

export const isUserRole = (value: unknown): value is UserRole =>
  typeof value === 'string' && (USER_ROLES as readonly string[]).includes(value);

export interface PermissionRow {
  module: PermissionModule;
  canView: boolean;
  canCreate: boolean;
  canEdit: boolean;
  canDelete: boolean;
  canExport: boolean;
  canPublish: boolean;
  canAssign: boolean;
  canViewAll: boolean;
}

const FIELD: Record<PermissionAction, keyof Omit<PermissionRow, 'module'>> = {
  view: 'canView',
  create: 'canCreate',
  edit: 'canEdit',
  delete: 'canDelete',
  export: 'canExport',
  publish: 'canPublish',
  assign: 'canAssign',
  viewAll: 'canViewAll',
};

/** What a broker and a team member do by default in the working modules (crm, properties, calendar, tasks). */
const WORK_DEFAULTS: Record<'broker' | 'team_member', readonly PermissionAction[]> = {
  // his own and his team's work, handing it to his team (assign); deleting and exporting are the office's
  broker: ['view', 'create', 'edit', 'publish', 'assign'],
  // works the team's customers and listings; publishes nothing on the marketplace by himself
  team_member: ['view', 'create', 'edit'],
};

/** Defaults by role when a member has no row for the module. */
export function roleDefault(role: UserRole, module: PermissionModule, action: PermissionAction): boolean {
  switch (role) {
    case 'owner':
    case 'admin':
    case 'manager':
      return true;
    case 'broker':
    case 'team_member':
      // reports: his own figures; settings (members, channels, the office): read only
      if (module === 'analytics' || module === 'settings') return action === 'view';
      return WORK_DEFAULTS[role].includes(action);
    case 'observer':
      return action === 'view';
  }
}

/** Rules no permission row can lift. */
function neverAllowed(role: UserRole, action: PermissionAction): boolean {
  if (role === 'observer') return WRITE_ACTIONS.includes(action);
  if (role === 'team_member') return action === 'delete' || action === 'assign';
  return false;
}

export function can(
  role: UserRole,
  rows: readonly PermissionRow[],
  module: PermissionModule,
  action: PermissionAction,
): boolean {
  if (role === 'owner' || role === 'admin') return true;
  if (neverAllowed(role, action)) return false;
  const row = rows.find((r) => r.module === module);
  return row ? row[FIELD[action]] : roleDefault(role, module, action);
}

/** The whole matrix of a member: module → action → allowed (for the admin API and the docs). */
export function resolveMatrix(
  role: UserRole,
  rows: readonly PermissionRow[],
): Record<PermissionModule, Record<PermissionAction, boolean>> {
  const matrix = {} as Record<PermissionModule, Record<PermissionAction, boolean>>;
  for (const module of MODULES) {
    const actions = {} as Record<PermissionAction, boolean>;
    for (const action of ACTIONS) actions[action] = can(role, rows, module, action);
    matrix[module] = actions;
  }
  return matrix;
}

/**
 * Whose customers, tasks, viewings and deals a member sees: the whole office ('all') for the owner, an
 * admin, and whoever may crm.viewAll (a manager by default); else himself and the members of his teams.
 */
export function visibleUsersOf(
  role: UserRole,
  rows: readonly PermissionRow[],
  userId: string,
  teamUserIds: readonly string[] = [],
): string[] | 'all' {
  if (can(role, rows, 'crm', 'viewAll')) return 'all';
  return [...new Set([userId, ...teamUserIds])];
}
