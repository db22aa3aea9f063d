// The design documents' permission matrix: module × action, per team member. Pure: takes the
// member's rows (or none) and the user's role.
export const MODULES = ['crm', 'properties', 'calendar', 'tasks', 'analytics', 'settings'] as const;
export const ACTIONS = ['view', 'create', 'edit', 'delete', 'export', 'publish', 'assign', 'viewAll'] as const;
export type PermissionModule = (typeof MODULES)[number];
export type PermissionAction = (typeof ACTIONS)[number];
export type UserRole = 'owner' | 'admin' | 'manager' | 'broker' | 'team_member' | 'observer';

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

/** Defaults by role when a user has no explicit row for a module. */
function roleDefault(role: UserRole, action: PermissionAction): boolean {
  switch (role) {
    case 'owner':
    case 'admin':
    case 'manager':
      return true;
    case 'broker':
      return action === 'view' || action === 'create' || action === 'edit' || action === 'publish';
    case 'team_member':
      return action === 'view' || action === 'create' || action === 'edit';
    case 'observer':
      return action === 'view';
  }
}

export function can(
  role: UserRole,
  rows: readonly PermissionRow[],
  module: PermissionModule,
  action: PermissionAction,
) {
  // An observer never creates or changes anything, whatever a row says.
  if (role === 'observer' && action !== 'view' && action !== 'viewAll' && action !== 'export') return false;
  const row = rows.find((r) => r.module === module);
  return row ? row[FIELD[action]] : roleDefault(role, action);
}
