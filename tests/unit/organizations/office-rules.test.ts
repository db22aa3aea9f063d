// The pure rules of offices and members: slugs from names (an Arabic name gets office-<hex>), time
// zones, who may give which role, and who takes over a removed member's work.
import { describe, expect, it } from 'vitest';
import {
  deriveSlug,
  fallbackSlug,
  isTimeZone,
  normalizeSlug,
  slugFromName,
} from '../../../core/organizations/office-rules.ts';
import { chooseSuccessor, managesMembers, mayGiveRole, teamRoleOf } from '../../../core/teams/member-rules.ts';

describe('office slugs', () => {
  it('takes the Latin part of a name, lower-cased, with hyphens', () => {
    expect(slugFromName('Riyadh Homes & Co.')).toBe('riyadh-homes-co');
    expect(slugFromName('  Acme   Realty ')).toBe('acme-realty');
    expect(slugFromName('Café Dār')).toBe('cafe-dar');
    expect(slugFromName('مكتب Acme العقاري')).toBe('acme');
  });

  it('gives an Arabic name (no Latin letters) office-<6 hex>', () => {
    expect(slugFromName('مكتب الرياض العقاري')).toBeUndefined();
    expect(deriveSlug('مكتب الرياض العقاري', () => 'a1b2c3ff')).toBe('office-a1b2c3');
    expect(deriveSlug('AB', () => '0f0f0f')).toBe('office-0f0f0f');
    expect(deriveSlug('Acme', () => '000000')).toBe('acme');
  });

  it('cuts a long name at 40 characters without a trailing hyphen', () => {
    const slug = slugFromName('The Very Long Name Of A Real Estate Office In Riyadh City')!;
    expect(slug.length).toBeLessThanOrEqual(40);
    expect(slug.endsWith('-')).toBe(false);
  });

  it('accepts an operator slug only in the safe alphabet', () => {
    expect(normalizeSlug('Acme-Realty')).toBe('acme-realty');
    expect(normalizeSlug('ab')).toBeUndefined();
    expect(normalizeSlug('-acme')).toBeUndefined();
    expect(normalizeSlug('acme--realty')).toBeUndefined();
    expect(normalizeSlug('مكتب')).toBeUndefined();
    expect(normalizeSlug('acme/../x')).toBeUndefined();
    expect(() => fallbackSlug('xyz')).toThrow();
  });

  it('knows real time zones only', () => {
    expect(isTimeZone('Asia/Riyadh')).toBe(true);
    expect(isTimeZone('Asia/Dubai')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});

describe('who manages members', () => {
  it('owners, managers and the operator do; brokers, team members, observers and contacts do not', () => {
    for (const role of ['owner', 'manager', 'admin', 'system'] as const) expect(managesMembers(role)).toBe(true);
    for (const role of ['broker', 'team_member', 'observer', 'contact', undefined] as const)
      expect(managesMembers(role)).toBe(false);
  });

  it('a manager cannot make (or remove) an owner; an owner and the operator can', () => {
    expect(mayGiveRole('manager', 'broker')).toBe(true);
    expect(mayGiveRole('manager', 'manager')).toBe(true);
    expect(mayGiveRole('manager', 'owner')).toBe(false);
    expect(mayGiveRole('owner', 'owner')).toBe(true);
    expect(mayGiveRole('system', 'owner')).toBe(true);
    expect(mayGiveRole('broker', 'observer')).toBe(false);
  });

  it('places each role in its team', () => {
    expect(teamRoleOf('owner')).toBe('manager');
    expect(teamRoleOf('team_member')).toBe('broker');
    expect(teamRoleOf('observer')).toBe('observer');
  });
});

describe('who takes over a removed member', () => {
  const c = (id: string, role: 'owner' | 'manager' | 'broker' | 'observer', extra = {}) => ({
    id,
    role,
    status: 'active',
    managesHerTeam: false,
    ...extra,
  });

  it('her team manager first, then the member who asked, then the owner, then a manager', () => {
    const all = [c('owner', 'owner'), c('mgr', 'manager'), c('lead', 'manager', { managesHerTeam: true })];
    expect(chooseSuccessor('layla', all, 'mgr')).toBe('lead');
    expect(chooseSuccessor('layla', all.slice(0, 2), 'mgr')).toBe('mgr');
    expect(chooseSuccessor('layla', all.slice(0, 2), undefined)).toBe('owner');
    expect(chooseSuccessor('layla', [c('mgr', 'manager')], undefined)).toBe('mgr');
  });

  it('never herself, an observer or an inactive member', () => {
    expect(chooseSuccessor('layla', [c('layla', 'manager', { managesHerTeam: true })], undefined)).toBeUndefined();
    expect(chooseSuccessor('layla', [c('obs', 'observer', { managesHerTeam: true })], 'obs')).toBeUndefined();
    expect(chooseSuccessor('layla', [c('old', 'owner', { status: 'inactive' })], undefined)).toBeUndefined();
  });
});
