-- What a user may do in his office, as one row: his role and status, the permissions of his teams
-- (in the order he joined them) and the users he sees (his teammates and the members of the teams he
-- manages). The engine reads it for every message, and the contact upsert of a turn reads it in the
-- same statement (core/contacts, core/teams). A view, which Prisma cannot express: a migration that
-- changes a column it reads must drop and create it again.
CREATE VIEW "member_access" AS
SELECT u.id, u.organization_id, u.name, u.phone, u.role::text AS role, u.status::text AS status,
  u.language, u.time_zone,
  COALESCE((
    SELECT json_agg(json_build_object(
      'module', p.module, 'canView', p.can_view, 'canCreate', p.can_create, 'canEdit', p.can_edit,
      'canDelete', p.can_delete, 'canExport', p.can_export, 'canPublish', p.can_publish,
      'canAssign', p.can_assign, 'canViewAll', p.can_view_all) ORDER BY tm.joined_at, tm.id, p.module)
    FROM team_members tm JOIN permissions p ON p.team_member_id = tm.id
    WHERE tm.user_id = u.id), '[]'::json) AS permissions,
  ARRAY(
    SELECT DISTINCT m.user_id::text FROM team_members m
    WHERE m.team_id IN (
      SELECT tm.team_id FROM team_members tm WHERE tm.user_id = u.id
      UNION SELECT t.id FROM teams t WHERE t.manager_id = u.id AND t.organization_id = u.organization_id)
  ) AS team_user_ids
FROM users u;
